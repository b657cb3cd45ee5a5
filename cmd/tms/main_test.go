package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/anditms/tms/internal/apitest"
)

func TestBadConfigExits2WithOneLine(t *testing.T) {
	var stdout, stderr bytes.Buffer
	getenv := func(k string) string {
		return map[string]string{"DATABASE_SECRET_JSON": `{bad`}[k]
	}
	if code := run([]string{"serve"}, getenv, &stdout, &stderr); code != 2 {
		t.Fatalf("exit code %d, want 2", code)
	}
	lines := strings.Split(strings.TrimSpace(stderr.String()), "\n")
	if len(lines) != 1 || !strings.Contains(lines[0], "DATABASE_SECRET_JSON") {
		t.Errorf("stderr = %q, want one line naming DATABASE_SECRET_JSON", stderr.String())
	}
}

func TestUsage(t *testing.T) {
	var out bytes.Buffer
	if code := run([]string{"--help"}, os.Getenv, &out, &out); code != 0 || !strings.Contains(out.String(), "migrate") {
		t.Errorf("--help: code %d, output %q", code, out.String())
	}
	if code := run([]string{"frobnicate"}, os.Getenv, &out, &out); code != 2 {
		t.Errorf("unknown command: code %d, want 2", code)
	}
}

// buildBinary compiles the real tms binary once per test.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "tms")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func freePort(t *testing.T) int {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// The quick start: an empty DATA_DIR answers /health, prints a login that works,
// and on SIGTERM an in-flight request completes before the process exits 0.
func TestFirstRunLoginAndGracefulShutdown(t *testing.T) {
	bin := buildBinary(t)
	port := freePort(t)
	cmd := exec.Command(bin, "serve")
	cmd.Env = append(os.Environ(), "DATA_DIR="+t.TempDir(), fmt.Sprintf("PORT=%d", port), "DATABASE_URL=", "REDIS_URL=")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = io.Discard
	started := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	base := fmt.Sprintf("http://127.0.0.1:%d", port)
	email, password := readLogin(t, stdout)
	waitHealthy(t, base, started.Add(startBudget))

	c := apitest.NewClient(t, base).Login(email, password)
	c.Do("GET", "/api/v1/me", nil).Want(http.StatusOK)
	wantVendorFiles(t, base)
	waitBackgroundJobs(t, base, time.Now().Add(10*time.Second))
	runTool(t, bin, cmd.Env, "healthcheck")
	backup := filepath.Join(t.TempDir(), "copy.db")
	runTool(t, bin, cmd.Env, "backup", "--to", backup)
	if fi, err := os.Stat(backup); err != nil || fi.Size() == 0 {
		t.Errorf("backup file: %v", err)
	}

	// A slow request: its body trickles in over ~1.5 s while SIGTERM arrives.
	pr, pw := io.Pipe()
	done := make(chan int, 1)
	go func() {
		req, _ := http.NewRequest("POST", base+"/api/v1/auth/login", pr)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			done <- -1
			return
		}
		resp.Body.Close()
		done <- resp.StatusCode
	}()
	body := fmt.Sprintf(`{"email":%q,"password":%q}`, email, password)
	pw.Write([]byte(body[:10]))
	time.Sleep(300 * time.Millisecond)
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	time.Sleep(1200 * time.Millisecond)
	pw.Write([]byte(body[10:]))
	pw.Close()
	if status := <-done; status != http.StatusOK {
		t.Errorf("in-flight request finished with %d, want 200", status)
	}
	if err := cmd.Wait(); err != nil {
		t.Errorf("process exit: %v, want exit status 0", err)
	}
}

var loginLine = regexp.MustCompile(`^\s+(log in as|password)\s+(\S+)`)

func readLogin(t *testing.T, r io.Reader) (email, password string) {
	t.Helper()
	sc := bufio.NewScanner(r)
	for sc.Scan() && (email == "" || password == "") {
		if m := loginLine.FindStringSubmatch(sc.Text()); m != nil {
			if m[1] == "password" {
				password = m[2]
			} else {
				email = m[2]
			}
		}
	}
	go io.Copy(io.Discard, r)
	if email == "" || password == "" {
		t.Fatalf("first run printed no login (email %q)", email)
	}
	return email, password
}

// startBudget is how long a first start (migrations, demo data with its GPS history) may take
// before /health answers: generous, since the race detector on a busy 2-core machine slows the
// seeding several times over; how fast it really is lives in the README, not in a test.
const startBudget = time.Minute

func waitHealthy(t *testing.T, base string, deadline time.Time) {
	t.Helper()
	for time.Now().Before(deadline) {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		req, _ := http.NewRequestWithContext(ctx, "GET", base+"/health", nil)
		resp, err := http.DefaultClient.Do(req)
		cancel()
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("/health did not answer 200 within %v of start", startBudget)
}

// waitBackgroundJobs waits for /metrics to show a pass of each scheduled job: serve starts them.
func waitBackgroundJobs(t *testing.T, base string, deadline time.Time) {
	t.Helper()
	for time.Now().Before(deadline) {
		var body []byte
		resp, err := http.Get(base + "/metrics")
		if err == nil {
			body, _ = io.ReadAll(resp.Body)
			resp.Body.Close()
		}
		if bytes.Contains(body, []byte(`tms_background_job_runs_total{job="pending_upload_purge",result="ok"} 1`)) &&
			bytes.Contains(body, []byte(`tms_background_job_runs_total{job="position_retention",result="ok"} 1`)) {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatal("/metrics shows no pass of each scheduled job within 10 s of start (tms_background_job_runs_total)")
}

// runTool runs another subcommand of the binary beside the server and fails on a non-zero exit.
func runTool(t *testing.T, bin string, env []string, args ...string) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = env
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("tms %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// wantVendorFiles fetches the front-end libraries the binary embeds without any npm step.
func wantVendorFiles(t *testing.T, base string) {
	t.Helper()
	for _, name := range []string{"htmx.min.js", "leaflet.js", "leaflet.css", "images/marker-icon.png"} {
		resp, err := http.Get(base + "/static/vendor/" + name)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || len(body) < 500 {
			t.Errorf("GET /static/vendor/%s: %d with %d bytes, want 200 with the file", name, resp.StatusCode, len(body))
		}
	}
}

// The README's command table names every command.
func TestReadmeListsEveryCommand(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range commands() {
		if !bytes.Contains(readme, []byte("| `tms "+c.name)) {
			t.Errorf("README.md's command table has no row for tms %s", c.name)
		}
	}
}
