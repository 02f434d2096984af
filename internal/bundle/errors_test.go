package bundle

import (
	"path/filepath"
	"strings"
	"testing"

	"filippo.io/age"

	"smsworkbench/internal/fault"
)

// The refusals a person can act on (a passphrase, a peer, the keys) are fault errors with their
// code and field, and name no command or flag: the command line adds its flags by the code.
func TestRefusalsCarryACodeAndAFieldAndNoCommandLineAdvice(t *testing.T) {
	s := replica(t, "a")
	dir := t.TempDir()
	out := filepath.Join(dir, "out"+Ext)
	export := func(opt ExportOptions) error { _, err := Export(bg, s, out, opt); return err }
	sealed := filepath.Join(dir, "sealed"+Ext)
	if _, err := Export(bg, s, sealed, ExportOptions{Keys: Keys{Passphrase: "right"}}); err != nil {
		t.Fatal(err)
	}
	other, _ := age.GenerateX25519Identity()
	for _, c := range []struct {
		err         error
		code, field string
	}{
		{export(ExportOptions{}), "bundle.keys_missing", "passphrase"},
		{export(ExportOptions{Keys: Keys{Plain: true, Passphrase: "x"}}), "bundle.plain_with_keys", "passphrase"},
		{export(ExportOptions{Keys: Keys{Passphrase: "x", Recipients: testKeys().Recipients}}), "bundle.keys_both", "passphrase"},
		{export(ExportOptions{Keys: Keys{Plain: true}, For: "nobody"}), "bundle.peer_unknown", "for"},
		{second(Import(bg, s, sealed, ImportOptions{})), "bundle.passphrase_missing", "passphrase"},
		{second(Import(bg, s, sealed, ImportOptions{Keys: Keys{Passphrase: "wrong"}})), "bundle.passphrase_wrong", "passphrase"},
		{second(Inspect(bg, s, sealed, Keys{Passphrase: "wrong"})), "bundle.passphrase_wrong", "passphrase"},
		{second(Inspect(bg, s, sealed, Keys{Identities: []age.Identity{other}})), "bundle.identity_wrong", "identity"},
	} {
		if c.err == nil {
			t.Errorf("%s: no error", c.code)
			continue
		}
		msg := c.err.Error()
		if fault.Code(c.err) != c.code || fault.Field(c.err) != c.field {
			t.Errorf("%q: code %q field %q, want %q %q", msg, fault.Code(c.err), fault.Field(c.err), c.code, c.field)
		}
		if strings.Contains(msg, "--") || strings.Contains(msg, "smsworkbench ") {
			t.Errorf("%s: %q names the command line", c.code, msg)
		}
	}
}

func second[T any](_ T, err error) error { return err }
