package e2e

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/anditms/tms/internal/apitest"
	"github.com/anditms/tms/internal/testenv"
	"github.com/anditms/tms/internal/tms"
)

// chromium is Debian's browser, installed by .ci/browser.sh; tests never download one.
const chromium = "/usr/bin/chromium"

// actionTimeout bounds each browser step.
const actionTimeout = 20 * time.Second

// server starts the real application over a fresh SQLite database.
func server(t *testing.T) *apitest.Server {
	t.Helper()
	return apitest.Start(t, apitest.DefaultConfig(t), testenv.SQLite(t))
}

// user creates an account with a display name and returns it with its password.
func user(t *testing.T, srv *apitest.Server, email, name string, role tms.Role) (tms.User, string) {
	t.Helper()
	u, pw := apitest.CreateUser(t, srv.App.Store, email, role)
	u, err := srv.App.Store.UpdateUser(context.Background(), u.ID, func(u *tms.User) error { u.Name = name; return nil })
	if err != nil {
		t.Fatal(err)
	}
	return u, pw
}

// browser drives one headless Chromium tab against a server. It fails the test, at the end,
// on any Content-Security-Policy violation, uncaught exception, console error or failed
// static file it saw.
type browser struct {
	t    *testing.T
	ctx  context.Context
	base string

	mu       sync.Mutex
	problems []string
}

// One Chromium process serves the whole package (starting it costs seconds); every test
// gets its own browser context, so cookies and storage never leak between tests.
var (
	chromiumOnce sync.Once
	chromiumCtx  context.Context
	chromiumErr  error
	stopChromium = func() {}
)

func TestMain(m *testing.M) {
	code := m.Run()
	stopChromium()
	os.Exit(code)
}

// startChromium launches the shared browser with a fresh profile directory.
func startChromium() (context.Context, error) {
	chromiumOnce.Do(func() {
		dir, err := os.MkdirTemp("", "tms-e2e-profile-")
		if err != nil {
			chromiumErr = err
			return
		}
		actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
			chromedp.ExecPath(chromium), chromedp.NoSandbox, chromedp.Headless, chromedp.NoFirstRun,
			chromedp.Flag("disable-gpu", true), chromedp.Flag("disable-quic", true),
			chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
			chromedp.Flag("disable-sync", true), chromedp.Flag("disable-dev-shm-usage", true),
			chromedp.WindowSize(1280, 800), chromedp.UserDataDir(dir))
		ctx, cancel := chromedp.NewContext(actx)
		stopChromium = func() { cancel(); cancelAlloc(); os.RemoveAll(dir) }
		chromiumCtx, chromiumErr = ctx, chromedp.Do(ctx) // the first run starts the browser
	})
	return chromiumCtx, chromiumErr
}

// newBrowser opens a tab in a new browser context. Without /usr/bin/chromium the test is
// skipped, or fails under CI=true.
func newBrowser(t *testing.T, base string) *browser {
	t.Helper()
	if _, err := os.Stat(chromium); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is missing: .ci/browser.sh installs it", chromium)
		}
		t.Skipf("%s is missing: apt-get install chromium to run the browser tests", chromium)
	}
	parent, err := startChromium()
	if err != nil {
		t.Fatalf("start %s: %v", chromium, err)
	}
	ctx, cancel := chromedp.NewContext(parent, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	b := &browser{t: t, ctx: ctx, base: base}
	if err := chromedp.Listen(ctx, b.record); err != nil {
		t.Fatalf("open a tab: %v", err)
	}
	b.do(addScript(cspProbe))
	t.Cleanup(b.checkProblems)
	return b
}

// cspProbe runs before any page script and reports every CSP violation as a console error
// (scripts added over DevTools are exempt from the page's policy).
const cspProbe = `document.addEventListener('securitypolicyviolation', function (e) {
  console.error('CSP violation: ' + e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline code') +
    ' in ' + e.sourceFile + ':' + e.lineNumber);
});`

func addScript(src string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: src})
		return err
	})
}

// record keeps the events that mean a page is broken. It runs on chromedp's reading
// goroutine, so it only appends under the lock.
func (b *browser) record(ev any) {
	var problem string
	switch ev := ev.(type) {
	case *runtime.EventExceptionThrown:
		problem = "exception: " + ev.ExceptionDetails.Text + " " + describe(ev.ExceptionDetails.Exception)
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.ConsoleAPICalledTypeError {
			problem = "console.error: " + consoleText(ev.Args)
		}
	case *log.EventEntryAdded:
		e := ev.Entry
		// A 403 or 404 page is expected in tests; a failed stylesheet or script is not.
		if e.Level == log.EntryLevelError && (e.Source != log.EntrySourceNetwork || strings.Contains(e.URL, "/static/")) {
			problem = fmt.Sprintf("browser log (%s): %s %s", e.Source, e.Text, e.URL)
		}
	}
	if problem != "" {
		b.mu.Lock()
		b.problems = append(b.problems, problem)
		b.mu.Unlock()
	}
}

func consoleText(args []*runtime.RemoteObject) string {
	parts := make([]string, len(args))
	for i, a := range args {
		parts[i] = describe(a)
	}
	return strings.Join(parts, " ")
}

func describe(o *runtime.RemoteObject) string {
	switch {
	case o == nil:
		return ""
	case len(o.Value) > 0:
		return strings.Trim(string(o.Value), `"`)
	}
	return o.Description
}

// takeProblems returns and forgets what the browser reported so far.
func (b *browser) takeProblems() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	p := b.problems
	b.problems = nil
	return p
}

func (b *browser) checkProblems() {
	for _, p := range b.takeProblems() {
		b.t.Errorf("browser reported %s", p)
	}
}

// do runs steps within actionTimeout and fails the test on error.
func (b *browser) do(steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, actionTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		b.t.Fatalf("browser: %v", err)
	}
}

// run runs one action that returns a value.
func run[T any](b *browser, a chromedp.Action[T]) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, actionTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		b.t.Fatalf("browser: %v", err)
	}
	return v
}

// visit opens a path of the server and returns the HTTP status of the page.
func (b *browser) visit(path string) int64 {
	b.t.Helper()
	return run(b, chromedp.NavigateResponse(b.base+path)).Status
}

// fill replaces the value of the input matched by sel by typing text.
func (b *browser) fill(sel, text string) {
	b.t.Helper()
	b.do(chromedp.Clear(chromedp.CSS(sel)), chromedp.SendKeys(chromedp.CSS(sel), text))
}

// submit clicks the element matched by sel, waits for the page it leads to and returns
// that page's HTTP status.
func (b *browser) submit(sel string) int64 {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, actionTimeout)
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(sel)))
	if err != nil {
		b.t.Fatalf("browser: submit %s: %v", sel, err)
	}
	return resp.Status
}

// login logs in through the form and returns the status of the page it lands on.
func (b *browser) login(email, password string) int64 {
	b.t.Helper()
	b.visit("/login")
	b.fill("#f-email", email)
	b.fill("#f-password", password)
	return b.submit(`form[action="/login"] button[type="submit"]`)
}

// text returns the visible text of the first element matched by sel.
func (b *browser) text(sel string) string {
	b.t.Helper()
	return strings.TrimSpace(run(b, chromedp.Text(chromedp.CSS(sel))))
}

// path is the path (and query) of the page the tab shows.
func (b *browser) path() string {
	b.t.Helper()
	u, err := url.Parse(run(b, chromedp.Location()))
	if err != nil {
		b.t.Fatal(err)
	}
	return u.RequestURI()
}

// phone switches the tab to a phone-sized touch viewport (390 x 844 CSS pixels).
func (b *browser) phone() {
	b.t.Helper()
	b.do(chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile, chromedp.EmulateTouch))
}

// screenshot writes the page as docs/screenshots/<name>.png when TMS_SCREENSHOTS=1.
func (b *browser) screenshot(name string) {
	b.t.Helper()
	if os.Getenv("TMS_SCREENSHOTS") != "1" {
		return
	}
	png := run(b, chromedp.FullScreenshot(100))
	dir := filepath.Join("..", "..", "..", "docs", "screenshots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		b.t.Fatal(err)
	}
}

// waitPath waits until the tab shows want (a path and query), as after an htmx request
// that pushes its URL.
func (b *browser) waitPath(want string) {
	b.t.Helper()
	deadline := time.Now().Add(actionTimeout)
	for got := b.path(); got != want; got = b.path() {
		if time.Now().After(deadline) {
			b.t.Fatalf("the tab shows %q, want %q", got, want)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
