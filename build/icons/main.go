// Command icons draws the application icon and writes it where the packages take it from:
//
//	build/appicon.png                 256×256, the master (Linux: hicolor/256x256)
//	build/linux/smsworkbench-48.png   48×48 (Linux: hicolor/48x48)
//	build/windows/icon.ico            16, 32, 48 and 256 pixels (the exe and the installer)
//
// The icon is a white clipboard with a blue check mark on a rounded square in a calm blue. Each
// size is drawn from the same shapes (not scaled down from the largest), with 8×8 samples per
// pixel for smooth edges. The files are committed; after changing the drawing, run
// `go run ./build/icons` from the repository root (the test in this folder fails until then).
package main

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"math"
	"os"
	"path/filepath"

	"github.com/tc-hib/winres"
)

// icoSizes are the sizes in build/windows/icon.ico.
var icoSizes = []int{16, 32, 48, 256}

// outputs are the files this program writes, relative to the repository root.
var outputs = []struct {
	path   string
	encode func(io.Writer) error
}{
	{"build/appicon.png", func(w io.Writer) error { return png.Encode(w, Render(256)) }},
	{"build/linux/smsworkbench-48.png", func(w io.Writer) error { return png.Encode(w, Render(48)) }},
	{"build/windows/icon.ico", writeICO},
}

func main() {
	for _, o := range outputs {
		var buf bytes.Buffer
		if err := o.encode(&buf); err != nil {
			fmt.Fprintf(os.Stderr, "icons: %s: %v\n", o.path, err)
			os.Exit(1)
		}
		if err := os.WriteFile(filepath.FromSlash(o.path), buf.Bytes(), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "icons:", err)
			os.Exit(1)
		}
		fmt.Println("wrote", o.path)
	}
}

func writeICO(w io.Writer) error {
	var imgs []image.Image
	for _, s := range icoSizes {
		imgs = append(imgs, Render(s))
	}
	ico, err := winres.NewIconFromImages(imgs)
	if err != nil {
		return err
	}
	return ico.SaveICO(w)
}

// The drawing, in a 256×256 space.
var (
	blueTop    = rgb(0x3d, 0x84, 0xcc)
	blueBottom = rgb(0x24, 0x5b, 0x9c)
	paper      = rgb(0xf8, 0xfa, 0xfd)
	clip       = rgb(0x1b, 0x35, 0x5a)
	check      = rgb(0x2c, 0x6e, 0xb8)
)

func rgb(r, g, b uint8) [3]float64 { return [3]float64{float64(r), float64(g), float64(b)} }

// shade returns the colour at (x, y) of the 256×256 drawing and whether anything is there.
func shade(x, y float64) ([3]float64, bool) {
	switch {
	case capsule(x, y, 98, 140, 121, 163, 11) || capsule(x, y, 121, 163, 160, 116, 11):
		return check, true
	case roundRect(x, y, 103, 42, 153, 78, 11):
		return clip, true
	case roundRect(x, y, 70, 58, 186, 212, 15):
		return paper, true
	case roundRect(x, y, 12, 12, 244, 244, 54):
		t := (y - 12) / 232
		var c [3]float64
		for i := range c {
			c[i] = blueTop[i]*(1-t) + blueBottom[i]*t
		}
		return c, true
	}
	return [3]float64{}, false
}

// roundRect tells whether (x, y) is inside the rectangle (x0, y0)–(x1, y1) with corners of radius r.
func roundRect(x, y, x0, y0, x1, y1, r float64) bool {
	if x < x0 || x > x1 || y < y0 || y > y1 {
		return false
	}
	cx := math.Max(x0+r, math.Min(x, x1-r))
	cy := math.Max(y0+r, math.Min(y, y1-r))
	return (x-cx)*(x-cx)+(y-cy)*(y-cy) <= r*r
}

// capsule tells whether (x, y) is within r of the segment (ax, ay)–(bx, by): a stroke with round ends.
func capsule(x, y, ax, ay, bx, by, r float64) bool {
	dx, dy := bx-ax, by-ay
	t := ((x-ax)*dx + (y-ay)*dy) / (dx*dx + dy*dy)
	t = math.Max(0, math.Min(1, t))
	px, py := ax+t*dx-x, ay+t*dy-y
	return px*px+py*py <= r*r
}

// Render draws the icon at size×size pixels.
func Render(size int) *image.NRGBA {
	const n = 8 // samples per pixel along each axis
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	scale := 256 / float64(size)
	for py := 0; py < size; py++ {
		for px := 0; px < size; px++ {
			var sum [3]float64
			hits := 0
			for sy := 0; sy < n; sy++ {
				for sx := 0; sx < n; sx++ {
					x := (float64(px) + (float64(sx)+0.5)/n) * scale
					y := (float64(py) + (float64(sy)+0.5)/n) * scale
					if c, ok := shade(x, y); ok {
						for i := range sum {
							sum[i] += c[i]
						}
						hits++
					}
				}
			}
			if hits == 0 {
				continue
			}
			h := float64(hits)
			img.SetNRGBA(px, py, color.NRGBA{
				R: uint8(math.Round(sum[0] / h)),
				G: uint8(math.Round(sum[1] / h)),
				B: uint8(math.Round(sum[2] / h)),
				A: uint8(math.Round(255 * h / (n * n))),
			})
		}
	}
	return img
}
