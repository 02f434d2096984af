package auditpack

import (
	"bytes"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// The charts of the PDF, drawn with gonum/plot to PNG at print resolution.

// Palette of the pack: the PDF's tables and the charts share it.
var (
	ink       = color.RGBA{0x1f, 0x2a, 0x37, 0xff}
	brand     = color.RGBA{0x1d, 0x4e, 0x89, 0xff}
	brandSoft = color.RGBA{0x7f, 0xa7, 0xd6, 0xff}
	good      = color.RGBA{0x2e, 0x8b, 0x57, 0xff}
	warn      = color.RGBA{0xe0, 0xa1, 0x00, 0xff}
	bad       = color.RGBA{0xc0, 0x39, 0x2b, 0xff}
	grey      = color.RGBA{0x9a, 0xa5, 0xb1, 0xff}
)

// series is one set of bars or one line of a chart.
type series struct {
	Name   string
	Values []float64
	Color  color.Color
}

// chartSize is a chart's size on the page; it is drawn at chartDPI.
type chartSize struct{ W, H vg.Length }

const chartDPI = 200

// The charts print in Liberation Sans, as the text of the PDF does.
func init() { plot.DefaultFont.Variant = "Sans" }

func newPlot(title, yLabel string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle.Font.Size = vg.Points(10)
	p.Title.TextStyle.Color = ink
	p.Y.Label.Text = yLabel
	p.Y.Label.TextStyle.Font.Size = vg.Points(8)
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Tick.Label.Font.Size = vg.Points(7)
		a.Tick.Label.Color = ink
		a.Color = grey
		a.Tick.Color = grey
	}
	p.Legend.TextStyle.Font.Size = vg.Points(7)
	p.Legend.Top = true
	return p
}

// png draws a plot to PNG bytes.
func png(p *plot.Plot, size chartSize) ([]byte, error) {
	c := vgimg.NewWith(vgimg.UseWH(size.W, size.H), vgimg.UseDPI(chartDPI), vgimg.UseBackgroundColor(color.White))
	p.Draw(draw.New(c))
	var buf bytes.Buffer
	if _, err := (vgimg.PngCanvas{Canvas: c}).WriteTo(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// barChart draws grouped (or, stacked, stacked) vertical bars of several series over labels.
func barChart(title, yLabel string, labels []string, data []series, stacked bool, yMax float64, size chartSize) ([]byte, error) {
	p := newPlot(title, yLabel)
	width := vg.Points(float64(size.W) / float64(len(labels)+1) * 0.6)
	if !stacked && len(data) > 1 {
		width /= vg.Length(len(data))
	}
	var below *plotter.BarChart
	for i, s := range data {
		b, err := plotter.NewBarChart(plotter.Values(s.Values), width)
		if err != nil {
			return nil, err
		}
		b.Color = s.Color
		b.LineStyle.Width = 0
		if stacked {
			if below != nil {
				b.StackOn(below)
			}
			below = b
		} else if len(data) > 1 {
			b.Offset = width * vg.Length(float64(i)-float64(len(data)-1)/2)
		}
		p.Add(b)
		if len(data) > 1 {
			p.Legend.Add(s.Name, b)
		}
	}
	p.NominalX(labels...)
	if long(labels) {
		p.X.Tick.Label.Rotation = math.Pi / 6
		p.X.Tick.Label.XAlign = draw.XRight
		p.X.Tick.Label.YAlign = draw.YTop
	}
	p.Add(hGrid())
	p.Y.Min = math.Min(0, p.Y.Min)
	if yMax > 0 {
		p.Y.Max = yMax
	} else if len(data) > 1 {
		p.Y.Max *= 1.2 // room for the legend above the bars
	}
	return png(p, size)
}

// hbarChart draws one series as horizontal bars, one per label, from the top.
func hbarChart(title, xLabel string, labels []string, values []float64, colors []color.Color, xMax float64, size chartSize) ([]byte, error) {
	p := newPlot(title, "")
	p.X.Label.Text = xLabel
	p.X.Label.TextStyle.Font.Size = vg.Points(8)
	n := len(labels)
	rev := make([]string, n)
	for i := range labels {
		rev[n-1-i] = labels[i]
	}
	width := vg.Points(float64(size.H) / float64(n+1) * 0.6)
	for i, v := range values {
		vs := make(plotter.Values, n)
		vs[n-1-i] = v
		b, err := plotter.NewBarChart(vs, width)
		if err != nil {
			return nil, err
		}
		b.Horizontal = true
		b.Color = colors[i%len(colors)]
		b.LineStyle.Width = 0
		p.Add(b)
	}
	p.NominalY(rev...)
	p.X.Min = math.Min(0, p.X.Min)
	if xMax > 0 {
		p.X.Max = xMax
	}
	g := plotter.NewGrid()
	g.Horizontal.Color = nil
	g.Vertical.Color = color.RGBA{0xe3, 0xe7, 0xec, 0xff}
	p.Add(g)
	return png(p, size)
}

// lineChart draws series as lines with points over labels (months).
func lineChart(title, yLabel string, labels []string, data []series, yMin, yMax float64, size chartSize) ([]byte, error) {
	p := newPlot(title, yLabel)
	for _, s := range data {
		pts := plotter.XYs{}
		for i, v := range s.Values {
			if !math.IsNaN(v) {
				pts = append(pts, plotter.XY{X: float64(i), Y: v})
			}
		}
		if len(pts) == 0 {
			continue
		}
		l, sc, err := plotter.NewLinePoints(pts)
		if err != nil {
			return nil, err
		}
		l.Color, sc.Color = s.Color, s.Color
		l.Width = vg.Points(1.2)
		sc.Radius = vg.Points(1.6)
		p.Add(l, sc)
		if len(data) > 1 {
			p.Legend.Add(s.Name, l)
		}
	}
	p.NominalX(labels...)
	// Every month of the period on the axis, with half a step either side, so that the first
	// and last labels are not cut at the edges and series that end early (a retired service)
	// are drawn on the same scale as the others.
	p.X.Min, p.X.Max = -0.5, float64(len(labels))-0.5
	p.Add(hGrid())
	if yMax > yMin {
		p.Y.Min, p.Y.Max = yMin, yMax
	}
	return png(p, size)
}

// percentColor is green from 85 %, amber from 60 %, red below.
func percentColor(pct float64) color.RGBA {
	switch {
	case pct >= 85:
		return good
	case pct >= 60:
		return warn
	}
	return bad
}

// hGrid is a light grid of horizontal lines only (vertical lines would cut through bars).
func hGrid() *plotter.Grid {
	g := plotter.NewGrid()
	g.Vertical.Color = nil
	g.Horizontal.Color = color.RGBA{0xe3, 0xe7, 0xec, 0xff}
	return g
}

// long tells whether tick labels are too long to sit side by side.
func long(labels []string) bool {
	n := 0
	for _, l := range labels {
		n += len([]rune(l))
	}
	return n > 70
}
