package fault

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// speaker is a function whose calls make a message: the argument that is its code (or the code
// it always gives) and the one that is its format.
type speaker struct {
	codeArg int // -1: code is fixed
	code    string
	fmtArg  int
}

// speakers are the functions that make messages, by package and name. Functions that pass
// their own format parameter on to one of them (importer's setErr, store's bad) are found by
// the walk and join them.
var speakers = map[string]speaker{
	"fault.New":        {codeArg: 0, fmtArg: 2},
	"fault.Say":        {codeArg: 1, fmtArg: 2},
	"fault.Phrase":     {codeArg: 0, fmtArg: 1},
	"store.fieldErr":   {codeArg: 2, fmtArg: 3},
	"app.fieldErr":     {codeArg: 0, fmtArg: 2},
	"prefs.settingErr": {codeArg: -1, code: "setting.invalid", fmtArg: 1},
	"auditpack.optErr": {codeArg: -1, code: "auditpack.option_invalid", fmtArg: 1},
	"cli.usagef":       {codeArg: -1, code: "usage", fmtArg: 0},
	"schema.valueErr":  {codeArg: -1, code: "field.value", fmtArg: 0},
	"schema.phrase":    {codeArg: -1, code: "field.value", fmtArg: 0},
	"schema.cellErr":   {codeArg: -1, code: "field.value", fmtArg: 2},
	"schema.Reject":    {codeArg: -1, code: "rule", fmtArg: 1},
	"schema.Refuse":    {codeArg: -1, code: "rule", fmtArg: 0},
}

type site struct {
	key
	pos string
}

// messageSites walks the module's Go source (not its tests) for every message a speaker makes
// and every &fault.Error{Code, Message} given as it is.
func messageSites(t *testing.T) []site {
	t.Helper()
	root := filepath.Join("..", "..")
	fset := token.NewFileSet()
	type file struct {
		pkg string
		f   *ast.File
	}
	var files []file
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			switch d.Name() {
			case "node_modules", "frontend", "testdata", ".git", "build":
				return filepath.SkipDir
			}
			if path == filepath.Join(root, "internal", "fault") { // Say and Localize pass formats on
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		files = append(files, file{f.Name.Name, f})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	all := map[string]speaker{}
	for k, v := range speakers {
		all[k] = v
	}
	callee := func(pkg string, call *ast.CallExpr) string {
		switch fn := call.Fun.(type) {
		case *ast.Ident:
			return pkg + "." + fn.Name
		case *ast.SelectorExpr:
			if x, ok := fn.X.(*ast.Ident); ok {
				return x.Name + "." + fn.Sel.Name
			}
		}
		return ""
	}
	literal := func(e ast.Expr) (string, bool) {
		if b, ok := e.(*ast.BasicLit); ok && b.Kind == token.STRING {
			s, err := strconv.Unquote(b.Value)
			return s, err == nil
		}
		return "", false
	}
	// params are the names of a function's parameters, in order.
	params := func(ft *ast.FuncType) []string {
		var out []string
		for _, f := range ft.Params.List {
			for _, n := range f.Names {
				out = append(out, n.Name)
			}
		}
		return out
	}
	index := func(list []string, name string) int {
		for i, n := range list {
			if n == name {
				return i
			}
		}
		return -1
	}
	var sites []site
	var problems []string
	// Forwarders are found first, until no more are: a function whose own format parameter is
	// the format of a speaker's call.
	for pass := 0; ; pass++ {
		added := false
		sites, problems = nil, nil
		for _, fl := range files {
			var visit func(n ast.Node, name string, ps []string) bool
			visit = func(n ast.Node, name string, ps []string) bool {
				switch n := n.(type) {
				case *ast.FuncDecl:
					if n.Body != nil {
						ast.Inspect(n.Body, func(m ast.Node) bool { return visit(m, fl.pkg+"."+n.Name.Name, params(n.Type)) })
					}
					return false
				case *ast.AssignStmt:
					if len(n.Lhs) == 1 && len(n.Rhs) == 1 {
						if id, ok := n.Lhs[0].(*ast.Ident); ok {
							if lit, ok := n.Rhs[0].(*ast.FuncLit); ok {
								ast.Inspect(lit.Body, func(m ast.Node) bool { return visit(m, fl.pkg+"."+id.Name, params(lit.Type)) })
								return false
							}
						}
					}
				case *ast.CompositeLit:
					if sel, ok := n.Type.(*ast.SelectorExpr); ok && sel.Sel.Name == "Error" {
						if x, ok := sel.X.(*ast.Ident); ok && x.Name == "fault" {
							var code, msg string
							for _, el := range n.Elts {
								kv, ok := el.(*ast.KeyValueExpr)
								if !ok {
									continue
								}
								k, _ := kv.Key.(*ast.Ident)
								if k == nil {
									continue
								}
								if s, ok := literal(kv.Value); ok {
									switch k.Name {
									case "Code":
										code = s
									case "Message":
										msg = s
									}
								}
							}
							if code != "" && msg != "" {
								sites = append(sites, site{key{code, msg}, fset.Position(n.Pos()).String()})
							}
						}
					}
				case *ast.CallExpr:
					sp, ok := all[callee(fl.pkg, n)]
					if !ok || len(n.Args) <= sp.fmtArg {
						return true
					}
					pos := fset.Position(n.Pos()).String()
					code, codeParam := sp.code, -1
					if sp.codeArg >= 0 {
						var lit bool
						if code, lit = literal(n.Args[sp.codeArg]); !lit {
							if id, ok := n.Args[sp.codeArg].(*ast.Ident); ok {
								codeParam = index(ps, id.Name)
							}
							if codeParam < 0 && (strings.HasSuffix(name, ".Localize") || strings.HasSuffix(name, ".Detail")) {
								return true // an error saying the message it was made of
							}
							if codeParam < 0 {
								problems = append(problems, pos+": the code is not a literal")
								return true
							}
						}
					}
					if format, lit := literal(n.Args[sp.fmtArg]); lit {
						if codeParam < 0 {
							sites = append(sites, site{key{code, format}, pos})
						}
						return true
					}
					if id, ok := n.Args[sp.fmtArg].(*ast.Ident); ok && index(ps, id.Name) >= 0 && name != "" {
						if _, known := all[name]; !known {
							f := speaker{codeArg: -1, code: code, fmtArg: index(ps, id.Name)}
							if codeParam >= 0 {
								f.codeArg = codeParam
							}
							all[name] = f
							added = true
						}
						return true
					}
					if strings.HasSuffix(name, ".Localize") || strings.HasSuffix(name, ".Detail") {
						return true // an error saying the message it was made of
					}
					problems = append(problems, pos+": the format is not a literal")
				}
				return true
			}
			ast.Inspect(fl.f, func(n ast.Node) bool { return visit(n, "", nil) })
		}
		if !added {
			break
		}
	}
	for _, p := range problems {
		t.Error(p)
	}
	return sites
}

var verbRE = regexp.MustCompile(`%(?:\[(\d+)\])?[-+# 0]*(?:\d+)?(?:\.\d*)?(?:\[(\d+)\])?([a-zA-Z%])`)

// verbs maps each argument of format (from 1) to its verbs; %w counts as %v.
func verbs(format string) map[int]string {
	out := map[int]string{}
	n := 0
	for _, m := range verbRE.FindAllStringSubmatch(format, -1) {
		if m[3] == "%" {
			continue
		}
		if m[1] != "" {
			n, _ = strconv.Atoi(m[1])
		} else if m[2] != "" {
			n, _ = strconv.Atoi(m[2])
		} else {
			n++
		}
		v := m[3]
		switch v {
		case "w":
			v = "v"
		case "q":
			v = "s" // „%s“ in German for %q
		}
		out[n] += v
	}
	for i, v := range out {
		b := []byte(v)
		sort.Slice(b, func(x, y int) bool { return b[x] < b[y] })
		out[i] = string(b)
	}
	return out
}

// TestEveryMessageIsInEveryLanguage: each message a call site makes has its words in every
// language's catalogue, with the same arguments and verbs; and no catalogue keeps a message no
// call site makes any more.
func TestEveryMessageIsInEveryLanguage(t *testing.T) {
	sites := messageSites(t)
	if len(sites) < 150 {
		t.Fatalf("only %d messages found: the walk is broken", len(sites))
	}
	if os.Getenv("FAULT_DUMP") != "" {
		seen := map[key]bool{}
		for _, s := range sites {
			if !seen[s.key] {
				seen[s.key] = true
				fmt.Printf("\t{%q, %q}: %q, // %s\n", s.code, s.format, "", s.pos)
			}
		}
	}
	used := map[key]bool{}
	for _, s := range sites {
		used[s.key] = true
	}
	for _, lang := range Languages() {
		cat := catalogues[lang]
		for _, s := range sites {
			w, ok := cat[s.key]
			if !ok || strings.TrimSpace(w) == "" {
				t.Errorf("%s: no %s words for %s %q", s.pos, lang, s.code, s.format)
				continue
			}
			if en, de := fmt.Sprint(verbs(s.format)), fmt.Sprint(verbs(w)); en != de {
				t.Errorf("%s: %s %q: the %s words %q have the verbs %s, not %s", s.pos, s.code, s.format, lang, w, de, en)
			}
		}
		for k := range cat {
			if !used[k] {
				t.Errorf("%s catalogue: %s %q is made nowhere any more", lang, k.code, k.format)
			}
		}
	}
}
