// Package syncthing runs real Syncthing instances for the tests of the shared-folder mode: each
// with its own home, its GUI/API and sync port on 127.0.0.1, discovery, relays, NAT and usage
// reports off, and devices and folders configured through Syncthing's REST API, as a user's
// own instances would be. It needs the syncthing binary (Debian's package; make deps-test).
package syncthing

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// Instance is one running Syncthing.
type Instance struct {
	Name     string
	ID       string // its device id
	Home     string
	listen   int // its sync port
	api      string
	key      string
	cmd      *exec.Cmd
	log      *bytes.Buffer
	exited   chan struct{}
	client   *http.Client
	t        testing.TB
	folderID string
}

// Start runs a new Syncthing named name until the test ends.
func Start(t testing.TB, name string) *Instance {
	t.Helper()
	bin, err := exec.LookPath("syncthing")
	if err != nil {
		t.Fatal("syncthing is not installed: make deps-test installs Debian's syncthing package")
	}
	home := t.TempDir()
	out, err := exec.Command(bin, "generate", "--home="+home, "--no-default-folder").CombinedOutput()
	if err != nil {
		t.Fatalf("syncthing generate: %v\n%s", err, out)
	}
	m := regexp.MustCompile(`Device ID: ([A-Z0-9-]+)`).FindSubmatch(out)
	if m == nil {
		t.Fatalf("syncthing generate printed no device id:\n%s", out)
	}
	in := &Instance{Name: name, ID: string(m[1]), Home: home, listen: freePort(t), key: "smswb-test-" + name,
		log: &bytes.Buffer{}, exited: make(chan struct{}), client: &http.Client{Timeout: 10 * time.Second}, t: t}
	gui := freePort(t)
	in.api = fmt.Sprintf("http://127.0.0.1:%d", gui)
	if err := quietConfig(filepath.Join(home, "config.xml"), in.listen); err != nil {
		t.Fatal(err)
	}
	in.cmd = exec.Command(bin, "serve", "--home="+home, "--no-browser", "--no-restart", "--no-upgrade", "--no-default-folder",
		"--gui-address="+in.api, "--gui-apikey="+in.key, "--logflags=0")
	in.cmd.Env = append(os.Environ(), "STNOUPGRADE=1", "STNORESTART=1", "HOME="+home)
	in.cmd.Stdout, in.cmd.Stderr = in.log, in.log
	if err := in.cmd.Start(); err != nil {
		t.Fatalf("syncthing serve: %v", err)
	}
	go func() { in.cmd.Wait(); close(in.exited) }()
	t.Cleanup(func() {
		in.cmd.Process.Signal(os.Interrupt)
		select {
		case <-in.exited:
		case <-time.After(10 * time.Second):
			in.cmd.Process.Kill()
			<-in.exited
		}
		if t.Failed() {
			t.Logf("syncthing %s said:\n%s", name, in.log.String())
		}
	})
	in.Until("its API answers", 30*time.Second, func() bool {
		var st struct {
			MyID string `json:"myID"`
		}
		return in.get("/rest/system/status", &st) == nil && st.MyID == in.ID
	})
	return in
}

// quietConfig turns off everything that would reach beyond this machine and listens for sync
// on 127.0.0.1 only; the GUI address and API key are given on the command line.
func quietConfig(path string, listen int) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	c := string(data)
	for tag, value := range map[string]string{
		"listenAddress":         fmt.Sprintf("tcp://127.0.0.1:%d", listen),
		"globalAnnounceEnabled": "false",
		"localAnnounceEnabled":  "false",
		"relaysEnabled":         "false",
		"natEnabled":            "false",
		"startBrowser":          "false",
		"urAccepted":            "-1",
		"autoUpgradeIntervalH":  "0",
		"crashReportingEnabled": "false",
		"limitBandwidthInLan":   "true",
	} {
		re := regexp.MustCompile(`<` + tag + `>[^<]*</` + tag + `>`)
		if !re.MatchString(c) {
			return fmt.Errorf("syncthing's config has no <%s>", tag)
		}
		c = re.ReplaceAllString(c, "<"+tag+">"+value+"</"+tag+">")
	}
	return os.WriteFile(path, []byte(c), 0o600)
}

func freePort(t testing.TB) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// Introduce makes two instances know each other by device id, each reaching the other at its
// 127.0.0.1 port.
func Introduce(a, b *Instance) {
	a.t.Helper()
	a.addDevice(b)
	b.addDevice(a)
	a.Until("the two instances connect", 60*time.Second, func() bool { return a.Connected(b) && b.Connected(a) })
}

func (in *Instance) addDevice(peer *Instance) {
	in.t.Helper()
	dev := map[string]any{"deviceID": peer.ID, "name": peer.Name, "addresses": []string{fmt.Sprintf("tcp://127.0.0.1:%d", peer.listen)},
		"compression": "metadata", "autoAcceptFolders": false}
	if err := in.send("POST", "/rest/config/devices", dev); err != nil {
		in.t.Fatalf("syncthing %s: adding device %s: %v", in.Name, peer.Name, err)
	}
}

// Connected says whether the instance is connected to peer now.
func (in *Instance) Connected(peer *Instance) bool {
	var c struct {
		Connections map[string]struct {
			Connected bool `json:"connected"`
		} `json:"connections"`
	}
	return in.get("/rest/system/connections", &c) == nil && c.Connections[peer.ID].Connected
}

// Share shares the folder id between the instances, at dir on each (the order of dirs follows
// the instances'). Changes are noticed by the file watcher after a second; Scan is at once.
func Share(id string, instances []*Instance, dirs []string) {
	for i, in := range instances {
		in.t.Helper()
		var devs []map[string]string
		for _, o := range instances {
			devs = append(devs, map[string]string{"deviceID": o.ID})
		}
		folder := map[string]any{"id": id, "label": id, "path": dirs[i], "type": "sendreceive", "devices": devs,
			"rescanIntervalS": 3600, "fsWatcherEnabled": true, "fsWatcherDelayS": 1, "maxConflicts": 10}
		if err := in.send("POST", "/rest/config/folders", folder); err != nil {
			in.t.Fatalf("syncthing %s: sharing folder %s: %v", in.Name, id, err)
		}
		in.folderID = id
	}
	for _, in := range instances {
		in.Until("the folder is shared and idle", 60*time.Second, func() bool { return in.State() == "idle" })
	}
}

// State is the shared folder's state on this instance: idle, scanning, syncing…
func (in *Instance) State() string {
	var st struct {
		State string `json:"state"`
	}
	if in.get("/rest/db/status?folder="+in.folderID, &st) != nil {
		return ""
	}
	return st.State
}

// Scan asks the instance to look at its folder now rather than wait for its file watcher. The
// call returns at once: Syncthing answers only when the scan is done, which waits while the
// folder is busy receiving; the file watcher notices the change anyway.
func (in *Instance) Scan() {
	go in.send("POST", "/rest/db/scan?folder="+in.folderID, nil)
}

// LimitReceive caps how fast the instance takes files in, in KiB/s (0: no cap).
func (in *Instance) LimitReceive(kibps int) {
	in.t.Helper()
	if err := in.send("PATCH", "/rest/config/options", map[string]any{"maxRecvKbps": kibps}); err != nil {
		in.t.Fatalf("syncthing %s: limit: %v", in.Name, err)
	}
}

// Pause and Resume stop and restart the exchange with a peer.
func (in *Instance) Pause(peer *Instance) {
	in.t.Helper()
	if err := in.send("POST", "/rest/system/pause?device="+peer.ID, nil); err != nil {
		in.t.Fatalf("syncthing %s: pause: %v", in.Name, err)
	}
	in.Until("the peer is paused", 30*time.Second, func() bool { return !in.Connected(peer) })
}

func (in *Instance) Resume(peer *Instance) {
	in.t.Helper()
	if err := in.send("POST", "/rest/system/resume?device="+peer.ID, nil); err != nil {
		in.t.Fatalf("syncthing %s: resume: %v", in.Name, err)
	}
}

// Until polls cond every 100 ms until it holds, and fails the test after timeout.
func (in *Instance) Until(what string, timeout time.Duration, cond func() bool) {
	in.t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		select {
		case <-in.exited:
			in.t.Fatalf("syncthing %s stopped while waiting until %s", in.Name, what)
		default:
		}
		if time.Now().After(deadline) {
			in.t.Fatalf("syncthing %s: waited %s until %s", in.Name, timeout, what)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func (in *Instance) get(path string, into any) error {
	req, _ := http.NewRequestWithContext(context.Background(), "GET", in.api+path, nil)
	return in.do(req, into)
}

func (in *Instance) send(method, path string, body any) error {
	var r io.Reader
	if body != nil {
		data, err := json.Marshal(body)
		if err != nil {
			return err
		}
		r = bytes.NewReader(data)
	}
	req, _ := http.NewRequestWithContext(context.Background(), method, in.api+path, r)
	req.Header.Set("Content-Type", "application/json")
	return in.do(req, nil)
}

func (in *Instance) do(req *http.Request, into any) error {
	req.Header.Set("X-API-Key", in.key)
	resp, err := in.client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("%s %s: %s: %s", req.Method, req.URL.Path, resp.Status, strings.TrimSpace(string(data)))
	}
	if into != nil {
		return json.Unmarshal(data, into)
	}
	return nil
}
