// Package e2e drives the real server in headless Chromium (Debian's /usr/bin/chromium). Each
// test fails on any Content-Security-Policy violation or script error its pages produce.
package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/anditms/tms/internal/tms"
)

func TestLoginShowsDashboard(t *testing.T) {
	srv := server(t)
	_, pw := user(t, srv, "dana@example.com", "Dana Admin", tms.RoleAdmin)
	b := newBrowser(t, srv.URL)
	if status := b.login("dana@example.com", pw); status != 200 {
		t.Fatalf("login landed with status %d", status)
	}
	if got := b.path(); got != "/" {
		t.Errorf("after login the browser is on %q, want /", got)
	}
	if got := b.text("h1"); got != "Welcome, Dana Admin" {
		t.Errorf("dashboard heading = %q", got)
	}
	if got := b.text(".mainnav"); !strings.Contains(got, "Admin") {
		t.Errorf("admin navigation = %q, want an Admin link", got)
	}
}

func TestWrongPasswordShowsError(t *testing.T) {
	srv := server(t)
	user(t, srv, "dana@example.com", "Dana Admin", tms.RoleAdmin)
	b := newBrowser(t, srv.URL)
	if status := b.login("dana@example.com", "not-the-password"); status != 401 {
		t.Errorf("wrong password: status %d, want 401", status)
	}
	if got := b.text(`[role="alert"]`); got != "Wrong email or password." {
		t.Errorf("error message = %q", got)
	}
	if got := b.path(); got != "/login" {
		t.Errorf("after a failed login the browser is on %q, want /login", got)
	}
}

func TestDriverSeesOnlyDriverView(t *testing.T) {
	srv := server(t)
	_, pw := user(t, srv, "dave@example.com", "Dave Driver", tms.RoleDriver)
	b := newBrowser(t, srv.URL)
	b.phone()
	b.login("dave@example.com", pw)
	if got := b.path(); got != "/driver" {
		t.Errorf("driver lands on %q, want /driver", got)
	}
	if got := b.text(".mainnav"); got != "My loads" {
		t.Errorf("driver navigation = %q, want only My loads", got)
	}
	if status := b.visit("/admin/users"); status != 403 {
		t.Errorf("driver on /admin/users: status %d, want 403", status)
	}
	if got := b.text("h1"); got != "Not allowed" {
		t.Errorf("403 page heading = %q", got)
	}
}

// TestAuditFilterWithHTMX filters the audit log through htmx: the results swap in place and
// the address bar follows.
func TestAuditFilterWithHTMX(t *testing.T) {
	srv := server(t)
	_, pw := user(t, srv, "dana@example.com", "Dana Admin", tms.RoleAdmin)
	b := newBrowser(t, srv.URL)
	b.login("dana@example.com", pw)
	b.visit("/admin/audit")
	b.fill("#f-entity", "api_token")
	run(b, chromedp.Evaluate[bool](`window.beforeFilter = true`))
	b.do(chromedp.Click(chromedp.CSS(`main form[role="search"] button`)))
	b.waitPath("/admin/audit?entity=api_token&id=")
	if got := b.text("#audit-results p"); got != "No audit entries match." {
		t.Errorf("filtered results = %q", got)
	}
	if !run(b, chromedp.Evaluate[bool](`window.beforeFilter === true`)) {
		t.Error("the filter reloaded the whole page instead of swapping the results")
	}
}

// TestCSPViolationsAreCaught proves the harness notices a violation, so the other tests'
// silence means something: an inline script added to the page must be blocked and reported.
func TestCSPViolationsAreCaught(t *testing.T) {
	srv := server(t)
	b := newBrowser(t, srv.URL)
	b.visit("/login")
	run(b, chromedp.Evaluate[bool](`(function () {
		var s = document.createElement('script');
		s.textContent = 'window.injected = true';
		document.head.appendChild(s);
		return true;
	})()`))
	var problems []string
	for deadline := time.Now().Add(5 * time.Second); len(problems) == 0 && time.Now().Before(deadline); {
		time.Sleep(50 * time.Millisecond)
		problems = b.takeProblems()
	}
	if !strings.Contains(strings.Join(problems, "\n"), "CSP violation: script-src") {
		t.Errorf("an inline script went unnoticed; problems: %q", problems)
	}
}
