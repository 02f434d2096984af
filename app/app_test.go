package app

import (
	"context"
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	"smsworkbench/internal/demo"
	"smsworkbench/internal/store"
)

func TestFacadeReturnsProblemsTheFormCanPlace(t *testing.T) {
	s, err := store.Open(filepath.Join(t.TempDir(), "w.smswb"), store.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := demo.Fill(context.Background(), s, time.Now(), demo.Options{Seed: 1}); err != nil {
		t.Fatal(err)
	}
	a := New(s)
	ws, err := a.Workspace()
	if err != nil || ws.Counts["incident"] < 900 || ws.Counts["service"] != 12 || ws.Name != demo.Organisation {
		t.Fatalf("workspace %+v %v", ws, err)
	}
	incidents := ws.Counts["incident"]
	// Numbers arrive from JavaScript as float64.
	_, err = a.Create("incident", map[string]any{"title": "x", "service": "SVC-00001", "impact": 9.0})
	var p Problem
	if err == nil || json.Unmarshal([]byte(err.Error()), &p) != nil || p.Field != "impact" || p.Message == "" {
		t.Fatalf("error %v", err)
	}
	_, err = a.Move("incident", "INC-00001", "closed", "")
	p = Problem{}
	if err == nil || json.Unmarshal([]byte(err.Error()), &p) != nil || p.Field != "" || p.Message == "" {
		t.Fatalf("move error %v", err)
	}
	r, err := a.Create("incident", map[string]any{"title": "Printer jam", "service": "SVC-00002", "impact": 1.0, "urgency": 2.0})
	if err != nil || r.Values["priority"] != int64(2) {
		t.Fatalf("create %v %v", r, err)
	}
	if ws, _ := a.Workspace(); ws.Counts["incident"] != incidents+1 {
		t.Fatalf("count %d", ws.Counts["incident"])
	}
	page, err := a.List("incident", store.Query{Search: "printer"})
	if err != nil || page.Total < 2 {
		t.Fatalf("list %v %v", page, err)
	}
}
