package documents_test

import (
	"strings"
	"testing"

	"smsworkbench/internal/documents"
	"smsworkbench/internal/store"
	"smsworkbench/internal/testkit/exchange"
)

// Two consultants on two copies: one approves a document while the other edits another; both
// converge with no conflict. Both editing the same draft is one conflict on its text, shown
// section by section, both edits kept.
func TestDocumentsOnTwoCopies(t *testing.T) {
	open, send := exchange.Copy, exchange.Send
	anna, ben := open(t, "anna"), open(t, "ben")
	scope, _ := documents.TemplateByID("scope")
	policy, _ := documents.TemplateByID("sms-policy")
	a, err := documents.New(anna).Start(bg, scope, documents.StartInput{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := documents.New(anna).Start(bg, policy, documents.StartInput{})
	if err != nil {
		t.Fatal(err)
	}
	send(t, anna, ben)

	if _, err := documents.New(anna).Approve(bg, a.Ref, documents.ApproveInput{By: "Anna"}); err != nil {
		t.Fatal(err)
	}
	if _, err := documents.New(ben).Edit(bg, b.Ref, b.Body+"\nBen's addition.\n", nil); err != nil {
		t.Fatal(err)
	}
	send(t, anna, ben)
	send(t, ben, anna)
	for i, s := range []*store.Store{anna, ben} {
		if n, _ := s.CountConflicts(bg); n != 0 {
			t.Fatalf("copy %d: %d conflicts", i, n)
		}
		da, _ := documents.New(s).Get(bg, a.Ref)
		db, _ := documents.New(s).Get(bg, b.Ref)
		if da.Status != "approved" || len(da.Versions) != 1 || !strings.HasSuffix(db.Body, "Ben's addition.\n") {
			t.Errorf("copy %d: %s %s %d versions; %q", i, a.Ref, da.Status, len(da.Versions), db.Body[len(db.Body)-30:])
		}
	}

	// Both edit the same draft: one conflict, both texts kept, the sections that differ named.
	cur, _ := documents.New(anna).Get(bg, b.Ref)
	annaText := strings.Replace(cur.Body, "## Commitment\n", "## Commitment\n\nAnna: reviewed by the board.\n", 1)
	benText := strings.Replace(cur.Body, "## Principles\n", "## Principles\n\nBen: principles agreed with the CIO.\n", 1)
	if _, err := documents.New(anna).Edit(bg, b.Ref, annaText, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := documents.New(ben).Edit(bg, b.Ref, benText, nil); err != nil {
		t.Fatal(err)
	}
	send(t, anna, ben)
	send(t, ben, anna)
	cs, _ := anna.Conflicts(bg)
	if len(cs) != 1 || cs[0].Field != "body" || len(cs[0].Options) != 2 {
		t.Fatalf("conflicts: %+v", cs)
	}
	var values []string
	for _, o := range cs[0].Options {
		values = append(values, o.Value.(string))
	}
	sections := documents.SectionsInConflict(values)
	var headings []string
	for _, s := range sections {
		headings = append(headings, s.Heading)
	}
	if strings.Join(headings, "|") != "## Commitment|## Principles" {
		t.Errorf("sections in conflict: %v", headings)
	}
}
