// Package printing owns what every PDF of the workbench shares: the embedded fonts (Liberation
// Sans, SIL Open Font License), so that every Latin, Greek and Cyrillic name prints as written
// on any machine. The audit pack and the documents print with them.
package printing

import (
	"codeberg.org/go-fonts/liberation/liberationsansbold"
	"codeberg.org/go-fonts/liberation/liberationsansitalic"
	"codeberg.org/go-fonts/liberation/liberationsansregular"
	"github.com/johnfercher/maroto/v2/pkg/consts/fontstyle"
	"github.com/johnfercher/maroto/v2/pkg/core/entity"
	"github.com/johnfercher/maroto/v2/pkg/fontrepository"
)

// Family is the font family of every PDF.
const Family = "LiberationSans"

// Fonts are the family's regular, bold and italic faces, for maroto's configuration.
var Fonts = func() []entity.CustomFont {
	f, err := fontrepository.New().
		AddUTF8FontFromBytes(Family, fontstyle.Normal, liberationsansregular.TTF).
		AddUTF8FontFromBytes(Family, fontstyle.Bold, liberationsansbold.TTF).
		AddUTF8FontFromBytes(Family, fontstyle.Italic, liberationsansitalic.TTF).
		Load()
	if err != nil {
		panic("printing: fonts: " + err.Error())
	}
	return f
}()
