package i18n

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// texts are the English formats of every Tr and Trs call in the repository's Go code (and of the
// packages' own tr and trs helpers, which call them with the package's language, and the texts
// marked for a later Tr by Mark), with where each is.
func texts(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{}
	root := filepath.Join("..", "..")
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "node_modules" || d.Name() == "frontend" || strings.HasPrefix(d.Name(), ".")) && path != root {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			var name string
			switch fn := call.Fun.(type) {
			case *ast.SelectorExpr:
				name = fn.Sel.Name
			case *ast.Ident:
				name = fn.Name
			}
			all := name == "Trs" || name == "trs"
			if !all && name != "Tr" && name != "tr" && name != "Mark" {
				return true
			}
			for _, a := range call.Args {
				s, ok := literal(a)
				if !ok {
					continue
				}
				out[s] = fset.Position(a.Pos()).String()
				if !all {
					break
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(out) < 50 {
		t.Fatalf("found only %d texts: is the walk wrong?", len(out))
	}
	return out
}

// literal is the text of a string literal, or of literals joined with +.
func literal(e ast.Expr) (string, bool) {
	switch e := e.(type) {
	case *ast.BasicLit:
		if e.Kind != token.STRING {
			return "", false
		}
		s, err := strconv.Unquote(e.Value)
		return s, err == nil
	case *ast.BinaryExpr:
		if e.Op != token.ADD {
			return "", false
		}
		a, ok1 := literal(e.X)
		b, ok2 := literal(e.Y)
		return a + b, ok1 && ok2
	}
	return "", false
}

var verb = regexp.MustCompile(`%(\[\d+\])?[-+# 0]*\d*(\.\d+)?[a-zA-Z%]`)

// verbs are a format's verbs without their argument indexes, sorted: "%d %s" and "%[2]s %[1]d"
// have the same.
func verbs(format string) []string {
	var out []string
	for _, v := range verb.FindAllString(format, -1) {
		if v != "%%" {
			out = append(out, regexp.MustCompile(`\[\d+\]`).ReplaceAllString(v, ""))
		}
	}
	slices.Sort(out)
	return out
}

func TestEveryTextIsTranslated(t *testing.T) {
	used := texts(t)
	for _, lang := range Languages[1:] {
		cat := Catalogue(lang)
		if path := os.Getenv("I18N_MISSING"); path != "" {
			// A translator's aid: I18N_MISSING=FILE writes the texts the language lacks.
			missing := map[string]string{}
			for en := range used {
				if _, ok := cat[en]; !ok {
					missing[en] = ""
				}
			}
			data, _ := json.MarshalIndent(missing, "", "  ")
			if err := os.WriteFile(path+"."+lang+".json", data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		for en, where := range used {
			tr, ok := cat[en]
			switch {
			case !ok:
				t.Errorf("%s: %q has no %s translation in %s.json", where, en, lang, lang)
			case strings.TrimSpace(tr) == "":
				t.Errorf("%s: %q: the %s translation is empty", where, en, lang)
			case !slices.Equal(verbs(en), verbs(tr)):
				t.Errorf("%s: %q: the %s translation %q has verbs %v, not %v", where, en, lang, tr, verbs(tr), verbs(en))
			}
		}
		for en := range cat {
			if _, ok := used[en]; !ok {
				t.Errorf("%s.json translates %q, which no code uses", lang, en)
			}
		}
	}
}

func TestTheLanguagesWriteDatesAndFigures(t *testing.T) {
	day := time.Date(2026, 12, 4, 9, 5, 0, 0, time.UTC)
	for _, c := range []struct{ got, want string }{
		{LongDate("en", day), "4 December 2026"},
		{LongDate("de", day), "4. Dezember 2026"},
		{Date("de", "2026-12-04"), "04.12.2026"},
		{Date("de", "2026-12-04T10:00:00Z"), "04.12.2026T10:00:00Z"},
		{Date("en", "2026-12-04"), "2026-12-04"},
		{Date("de", "not a date"), "not a date"},
		{DateTime("de", day), "04.12.2026 09:05"},
		{Number("en", 1234567.891, 2), "1,234,567.89"},
		{Number("de", 1234567.891, 2), "1.234.567,89"},
		{Number("de", -0.04, 1), "0,0"},
		{Number("de", -1200, 0), "-1.200"},
		{Percent("de", 87.46), "87,5 %"},
		{Decimal("de", 99.95), "99,95"},
		{ShortMonth("de", 3), "Mär"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

func TestTrFormatsInTheLanguage(t *testing.T) {
	catalogues["xx"] = map[string]string{"%d of %s": "%[2]s: %[1]d"}
	defer delete(catalogues, "xx")
	if got := Tr("xx", "%d of %s", 3, "all"); got != "all: 3" {
		t.Errorf("got %q", got)
	}
	if got := Tr("en", "%d of %s", 3, "all"); got != "3 of all" {
		t.Errorf("got %q", got)
	}
}
