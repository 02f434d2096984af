package auditpack

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"smsworkbench/internal/fault"
)

// Section names, in the order the PDF prints them. The Excel workbook has a sheet for summary,
// stage1 (documented information), clauses, findings and registers; the other sections are in
// the PDF only.
const (
	SecSummary    = "summary"
	SecStage1     = "stage1"
	SecClauses    = "clauses"
	SecFindings   = "findings"
	SecServices   = "services"
	SecSLA        = "sla"
	SecTickets    = "tickets"
	SecCMDB       = "cmdb"
	SecSuppliers  = "suppliers"
	SecBudget     = "budget"
	SecRisks      = "risks"
	SecObjectives = "objectives"
	SecProgramme  = "programme"
	SecReview     = "review"
	SecRegisters  = "registers"
)

// Sections lists every section name in print order.
var Sections = []string{SecSummary, SecStage1, SecClauses, SecFindings, SecServices, SecSLA, SecTickets, SecCMDB,
	SecSuppliers, SecBudget, SecRisks, SecObjectives, SecProgramme, SecReview, SecRegisters}

// Options choose what a pack holds.
type Options struct {
	// Assessment is the id or ref of the assessment the pack reports; empty picks the latest
	// gap or internal assessment that has started (the pack has no clause sections when the
	// workspace has none).
	Assessment string `json:"assessment"`
	// From and To bound the period of the register sections (YYYY-MM-DD); by default the
	// twelve months up to today. Register sheets of the workbook hold every record.
	From string `json:"from"`
	To   string `json:"to"`
	// Sections names the sections to include; empty means all.
	Sections []string `json:"sections"`
	// Language of the headings: "en" (complete) or "de" (headings and labels of the sections).
	Language string `json:"language"`
	// Report prints the audit report of the assessment (package audit: details, executive
	// summary, nonconformity statements, clause by clause, samples, the plan as carried out,
	// conclusion and sign-off) before the data sections, which become its appendices.
	Report bool `json:"report"`
	// Plan prints the audit plan alone, to send to the auditee before the audit.
	Plan bool `json:"plan"`
	// Logo is a PNG or JPEG printed on the cover.
	Logo []byte `json:"-"`
	// AppVersion is printed on the cover and in the workbook's properties.
	AppVersion string `json:"-"`
}

// OptionError is a bad option; Field names it (sections, language, from, to, logo, assessment,
// pdf or xlsx), so a form can show the message beside it.
type OptionError struct {
	Name, Msg string
	format    string // what Msg was made of, for Localize
	args      []any
}

func (e *OptionError) Error() string { return e.Msg }

// Localize is the message in lang (fault.Text).
func (e *OptionError) Localize(lang string) string {
	if e.format == "" {
		return e.Msg
	}
	return fault.Say(lang, "auditpack.option_invalid", e.format, e.args...)
}

// Field is the option at fault.
func (e *OptionError) Field() string { return e.Name }

// FaultCode is "auditpack.option_invalid"; with FaultField it makes the error a fault.Coded one.
func (e *OptionError) FaultCode() string { return "auditpack.option_invalid" }

// FaultField is the option at fault.
func (e *OptionError) FaultField() string { return e.Name }

func optErr(field, format string, a ...any) error {
	return &OptionError{Name: field, Msg: fmt.Sprintf(format, a...), format: format, args: a}
}

// ParseSections reads a comma-separated list of section names ("summary,clauses").
func ParseSections(list string) ([]string, error) {
	var out []string
	for _, name := range strings.Split(list, ",") {
		name = strings.ToLower(strings.TrimSpace(name))
		if name == "" {
			continue
		}
		if !slices.Contains(Sections, name) {
			return nil, optErr("sections", "unknown section %q (sections: %s)", name, strings.Join(Sections, ", "))
		}
		if !slices.Contains(out, name) {
			out = append(out, name)
		}
	}
	if len(out) == 0 {
		return nil, optErr("sections", "--sections names no section (sections: %s)", strings.Join(Sections, ", "))
	}
	return out, nil
}

// normalize checks the options and fills the defaults: the period ends today.
func (o *Options) normalize(today time.Time) error {
	for _, name := range o.Sections {
		if !slices.Contains(Sections, name) {
			return optErr("sections", "unknown section %q (sections: %s)", name, strings.Join(Sections, ", "))
		}
	}
	if len(o.Sections) == 0 {
		o.Sections = slices.Clone(Sections)
	}
	if o.Language == "" {
		o.Language = "en"
	}
	if _, ok := languages[o.Language]; !ok {
		return optErr("language", "unknown language %q (languages: en, de)", o.Language)
	}
	if o.To == "" {
		o.To = today.Format(dateLayout)
	}
	to, err := time.Parse(dateLayout, o.To)
	if err != nil {
		return optErr("to", "--to %q is not a date (YYYY-MM-DD)", o.To)
	}
	if o.From == "" {
		o.From = to.AddDate(-1, 0, 1).Format(dateLayout)
	}
	from, err := time.Parse(dateLayout, o.From)
	if err != nil {
		return optErr("from", "--from %q is not a date (YYYY-MM-DD)", o.From)
	}
	if to.Before(from) {
		return optErr("to", "the period ends (%s) before it starts (%s)", o.To, o.From)
	}
	if len(o.Logo) > 0 && logoType(o.Logo) == "" {
		return optErr("logo", "the logo is not a PNG or JPEG image")
	}
	return nil
}

// Has tells whether the pack includes a section.
func (o *Options) Has(section string) bool { return slices.Contains(o.Sections, section) }

const dateLayout = "2006-01-02"

// logoType is "png" or "jpg" by the image's signature, "" for anything else.
func logoType(b []byte) string {
	switch {
	case len(b) > 8 && string(b[:8]) == "\x89PNG\r\n\x1a\n":
		return "png"
	case len(b) > 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF:
		return "jpg"
	}
	return ""
}
