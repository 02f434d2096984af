package bundle

import (
	"path/filepath"
	"testing"

	"filippo.io/age"

	"smsworkbench/internal/testkit"
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
	testkit.CheckRefusals(t, []testkit.Refusal{
		testkit.Refused(export(ExportOptions{}), "bundle.keys_missing", "passphrase"),
		testkit.Refused(export(ExportOptions{Keys: Keys{Plain: true, Passphrase: "x"}}), "bundle.plain_with_keys", "passphrase"),
		testkit.Refused(export(ExportOptions{Keys: Keys{Passphrase: "x", Recipients: testKeys().Recipients}}), "bundle.keys_both", "passphrase"),
		testkit.Refused(export(ExportOptions{Keys: Keys{Plain: true}, For: "nobody"}), "bundle.peer_unknown", "for"),
		testkit.Refused(testkit.Second(Import(bg, s, sealed, ImportOptions{})), "bundle.passphrase_missing", "passphrase"),
		testkit.Refused(testkit.Second(Import(bg, s, sealed, ImportOptions{Keys: Keys{Passphrase: "wrong"}})), "bundle.passphrase_wrong", "passphrase"),
		testkit.Refused(testkit.Second(Inspect(bg, s, sealed, Keys{Passphrase: "wrong"})), "bundle.passphrase_wrong", "passphrase"),
		testkit.Refused(testkit.Second(Inspect(bg, s, sealed, Keys{Identities: []age.Identity{other}})), "bundle.identity_wrong", "identity"),
	})
}
