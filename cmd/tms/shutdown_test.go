package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptrace"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/anditms/tms/internal/apitest"
	"github.com/anditms/tms/internal/sqlite"
)

// SIGTERM while three live-stream clients are open and a load of API reads and GPS fixes is
// running: every stream ends with a retry hint, every request sent before the signal gets
// its answer, every acknowledged fix is stored, and the process exits 0 within 10 s.
func TestSIGTERMWithStreamsAndLoad(t *testing.T) {
	bin := buildBinary(t)
	port, dataDir := freePort(t), t.TempDir()
	cmd := exec.Command(bin, "serve")
	cmd.Env = append(os.Environ(), "DATA_DIR="+dataDir, fmt.Sprintf("PORT=%d", port), "DATABASE_URL=", "REDIS_URL=")
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
	token := trackedTruck(t, apitest.NewClient(t, base).Login(email, password))

	streams := make([]chan bool, 3)
	for i := range streams {
		streams[i] = openStream(t, base, token)
	}
	ld := startLoad(base, token)
	time.Sleep(time.Second)

	ld.signalled.Store(time.Now().UnixNano())
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	select {
	case err := <-exited:
		if err != nil {
			t.Errorf("exit: %v, want status 0", err)
		}
		t.Logf("exited %v after SIGTERM", time.Since(time.Unix(0, ld.signalled.Load())).Round(time.Millisecond))
	case <-time.After(10 * time.Second):
		t.Fatal("still running 10 s after SIGTERM")
	}
	ld.stop()
	for i, s := range streams {
		select {
		case hinted := <-s:
			if !hinted {
				t.Errorf("stream %d ended without a retry: hint", i)
			}
		case <-time.After(5 * time.Second):
			t.Errorf("stream %d still open after the process exited", i)
		}
	}
	if ld.sent.Load() < 10 || ld.failed.Load() != 0 {
		t.Errorf("%d requests sent before SIGTERM, %d of them failed (%s); want many and 0", ld.sent.Load(), ld.failed.Load(), ld.firstFailure())
	}
	if got, want := storedPositions(t, dataDir), ld.fixes.Load(); got != want {
		t.Errorf("%d positions stored, want the %d acknowledged", got, want)
	}
}

// trackedTruck creates a truck with a tracker (unique id "sig-1") and returns an API token.
func trackedTruck(t *testing.T, admin *apitest.Client) string {
	var truck struct{ ID int64 }
	admin.Do("POST", "/api/v1/trucks", map[string]any{"unit_number": "SIG-1"}).Want(http.StatusCreated).JSON(&truck)
	admin.Do("POST", "/api/v1/devices", map[string]any{"unique_id": "sig-1", "truck_id": truck.ID, "active": true}).Want(http.StatusCreated)
	var tok struct{ Token string }
	admin.Do("POST", "/api/v1/tokens", map[string]string{"name": "sigterm"}).Want(http.StatusCreated).JSON(&tok)
	return tok.Token
}

// openStream opens /api/v1/stream; the channel says, when the stream ends, whether it sent a retry hint.
func openStream(t *testing.T, base, token string) chan bool {
	t.Helper()
	req, _ := http.NewRequest("GET", base+"/api/v1/stream", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("open stream: %v %v", err, resp)
	}
	done := make(chan bool, 1)
	go func() {
		defer resp.Body.Close()
		hinted := false
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			hinted = hinted || strings.HasPrefix(sc.Text(), "retry:")
		}
		done <- hinted
	}()
	return done
}

// load sends API reads and GPS fixes from four workers until stopped. A request counts when
// it was written completely at least settleTime before the signal: it must get its answer.
type load struct {
	signalled atomic.Int64 // UnixNano of SIGTERM, 0 before
	sent      atomic.Int64
	failed    atomic.Int64
	fixes     atomic.Int64 // fixes acknowledged with 200
	cancel    context.CancelFunc
	wg        sync.WaitGroup
	mu        sync.Mutex
	failure   string
}

func startLoad(base, token string) *load {
	ctx, cancel := context.WithCancel(context.Background())
	ld := &load{cancel: cancel}
	var seq atomic.Int64
	for w := range 4 {
		ld.wg.Go(func() {
			client := &http.Client{Timeout: 15 * time.Second}
			for ctx.Err() == nil {
				req, _ := http.NewRequest("GET", base+"/api/v1/loads", nil)
				isFix := w%2 == 1
				if isFix {
					n := seq.Add(1)
					req, _ = http.NewRequest("POST", fmt.Sprintf("%s/osmand?id=sig-1&lat=32.7767&lon=-96.797&timestamp=%d", base, time.Now().Add(-time.Hour).Unix()+n), nil)
					req.Header.Set("Idempotency-Key", fmt.Sprint(n)) // lets the client resend on a connection the server closed as idle
				}
				req.Header.Set("Authorization", "Bearer "+token)
				ld.do(client, req, isFix)
			}
		})
	}
	return ld
}

// settleTime is how long the server may take to start reading a request written to a kept-alive
// connection: until it does, the connection is idle and Shutdown closes it, which net/http
// documents and no server can avoid, so a request written that close to the signal may fail.
const settleTime = 250 * time.Millisecond

func (ld *load) do(client *http.Client, req *http.Request, isFix bool) {
	var wrote atomic.Int64 // UnixNano when the request was last written in full, 0 if never
	trace := &httptrace.ClientTrace{WroteRequest: func(httptrace.WroteRequestInfo) { wrote.Store(time.Now().UnixNano()) }}
	resp, err := client.Do(req.WithContext(httptrace.WithClientTrace(req.Context(), trace)))
	ok := err == nil && resp.StatusCode == http.StatusOK
	if err == nil {
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	if ok && isFix {
		ld.fixes.Add(1)
	}
	if !ld.writtenBeforeSignal(wrote.Load()) {
		if !ok {
			time.Sleep(50 * time.Millisecond) // refused after the signal: expected
		}
		return
	}
	ld.sent.Add(1)
	if !ok {
		ld.failed.Add(1)
		ld.mu.Lock()
		if ld.failure == "" {
			ld.failure = fmt.Sprintf("%s %s: %v %v", req.Method, req.URL.Path, err, resp)
		}
		ld.mu.Unlock()
	}
}

// writtenBeforeSignal says whether a request written at wrote (UnixNano) was in the server's
// hands before SIGTERM.
func (ld *load) writtenBeforeSignal(wrote int64) bool {
	signalled := ld.signalled.Load()
	return wrote != 0 && (signalled == 0 || wrote < signalled-settleTime.Nanoseconds())
}

func (ld *load) stop() {
	ld.cancel()
	ld.wg.Wait()
}

func (ld *load) firstFailure() string {
	ld.mu.Lock()
	defer ld.mu.Unlock()
	return ld.failure
}

func storedPositions(t *testing.T, dataDir string) int64 {
	t.Helper()
	s, err := sqlite.Open(context.Background(), filepath.Join(dataDir, "tms.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var n int64
	// only the test tracker's: the demo trucks' history and live fixes are not this test's
	if err := s.Reader().QueryRow(`SELECT COUNT(*) FROM positions p JOIN devices d ON d.id = p.device_id
		WHERE d.unique_id = 'sig-1'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
