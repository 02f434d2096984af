package main

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

// The committed icon files are what the drawing gives: compared pixel by pixel (not byte by byte,
// so a different PNG compressor in another Go release does not matter).
func TestCommittedIconsMatchTheDrawing(t *testing.T) {
	root := filepath.Join("..", "..")
	for path, size := range map[string]int{"build/appicon.png": 256, "build/linux/smsworkbench-48.png": 48} {
		data, err := os.ReadFile(filepath.Join(root, path))
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		samePixels(t, path, img, Render(size))
	}

	data, err := os.ReadFile(filepath.Join(root, "build/windows/icon.ico"))
	if err != nil {
		t.Fatal(err)
	}
	imgs := decodeICO(t, data)
	if len(imgs) != len(icoSizes) {
		t.Fatalf("icon.ico holds %d images, want %d (%v)", len(imgs), len(icoSizes), icoSizes)
	}
	bySize := map[int]image.Image{}
	for _, img := range imgs {
		bySize[img.Bounds().Dx()] = img
	}
	for _, size := range icoSizes {
		img, ok := bySize[size]
		if !ok {
			t.Fatalf("icon.ico lacks the %d px image; run: go run ./build/icons", size)
		}
		samePixels(t, "icon.ico", img, Render(size))
	}
}

// The drawing itself: transparent corners, the blue square, the white clipboard, the check mark.
func TestDrawing(t *testing.T) {
	img := Render(256)
	at := func(x, y int) [4]uint8 {
		c := img.NRGBAAt(x, y)
		return [4]uint8{c.R, c.G, c.B, c.A}
	}
	if a := at(0, 0)[3]; a != 0 {
		t.Errorf("corner alpha %d, want transparent", a)
	}
	if c := at(30, 128); c[3] != 255 || c[2] < 150 || c[0] > 100 {
		t.Errorf("background %v is not an opaque blue", c)
	}
	if c := at(80, 190); c[0] < 240 || c[1] < 240 || c[2] < 240 {
		t.Errorf("clipboard %v is not white", c)
	}
	if c := at(121, 160); c != [4]uint8{0x2c, 0x6e, 0xb8, 255} {
		t.Errorf("check mark %v, want the check blue", c)
	}
	small := Render(16)
	if b := small.Bounds(); b.Dx() != 16 || b.Dy() != 16 {
		t.Errorf("Render(16) is %v", b)
	}
}

func samePixels(t *testing.T, name string, got, want image.Image) {
	t.Helper()
	if got.Bounds().Size() != want.Bounds().Size() {
		t.Fatalf("%s: %v, want %v; run: go run ./build/icons", name, got.Bounds().Size(), want.Bounds().Size())
	}
	b := want.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r1, g1, b1, a1 := got.At(x+got.Bounds().Min.X-b.Min.X, y+got.Bounds().Min.Y-b.Min.Y).RGBA()
			r2, g2, b2, a2 := want.At(x, y).RGBA()
			if r1 != r2 || g1 != g2 || b1 != b2 || a1 != a2 {
				t.Fatalf("%s (%v): pixel (%d,%d) differs from the drawing; run: go run ./build/icons", name, b.Size(), x, y)
			}
		}
	}
}

// decodeICO reads the images of an ICO file whose entries are PNGs (as winres writes them).
func decodeICO(t *testing.T, data []byte) []image.Image {
	t.Helper()
	if len(data) < 6 || binary.LittleEndian.Uint16(data[2:]) != 1 {
		t.Fatal("not an ICO file")
	}
	n := int(binary.LittleEndian.Uint16(data[4:]))
	var imgs []image.Image
	for i := 0; i < n; i++ {
		e := data[6+16*i:]
		size := binary.LittleEndian.Uint32(e[8:])
		off := binary.LittleEndian.Uint32(e[12:])
		img, err := png.Decode(bytes.NewReader(data[off : off+size]))
		if err != nil {
			t.Fatalf("ICO entry %d: %v", i, err)
		}
		imgs = append(imgs, img)
	}
	return imgs
}
