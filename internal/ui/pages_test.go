package ui_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/anditms/tms/internal/apitest"
	"github.com/anditms/tms/internal/auth"
	"github.com/anditms/tms/internal/testenv"
	"github.com/anditms/tms/internal/tms"
)

// page is a form-posting client: it keeps cookies, does not follow redirects and sends the
// CSRF token of the last page it read.
type page struct {
	*apitest.Client
	t    *testing.T
	base string
	csrf string
}

func newPage(t *testing.T, srv *apitest.Server) *page {
	c := srv.NewClient(t)
	c.HTTP.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &page{Client: c, t: t, base: srv.URL}
}

var csrfMeta = regexp.MustCompile(`<meta name="csrf-token" content="([^"]+)">`)

// get reads a page and remembers its CSRF token.
func (p *page) get(path string, header ...string) *apitest.Response {
	p.t.Helper()
	r := p.Do("GET", path, nil, header...)
	if m := csrfMeta.FindSubmatch(r.Body); m != nil {
		p.csrf = string(m[1])
	}
	return r
}

// post submits a form with the remembered CSRF token.
func (p *page) post(path string, form url.Values) *apitest.Response {
	p.t.Helper()
	form.Set("csrf_token", p.csrf)
	return p.postRaw(path, form)
}

func (p *page) postRaw(path string, form url.Values) *apitest.Response {
	p.t.Helper()
	req, err := http.NewRequest("POST", p.base+path, strings.NewReader(form.Encode()))
	if err != nil {
		p.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return p.Send(req)
}

// login logs in through the form and returns where it was sent.
func (p *page) login(email, password string) string {
	p.t.Helper()
	p.get("/login").Want(http.StatusOK)
	return p.post("/login", url.Values{"email": {email}, "password": {password}}).Want(http.StatusSeeOther).Header.Get("Location")
}

func contains(t *testing.T, r *apitest.Response, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(string(r.Body), w) {
			t.Errorf("page does not contain %q:\n%s", w, r.Body)
		}
	}
}

func start(t *testing.T) (*apitest.Server, string, string) {
	srv := apitest.Start(t, apitest.DefaultConfig(t), testenv.SQLite(t))
	admin, pw := apitest.CreateUser(t, srv.App.Store, "admin@example.com", tms.RoleAdmin)
	return srv, admin.Email, pw
}

func TestLoginFlow(t *testing.T) {
	srv, email, pw := start(t)
	p := newPage(t, srv)
	if loc := p.get("/admin/users?offset=0").Want(http.StatusSeeOther).Header.Get("Location"); loc != "/login?next=%2Fadmin%2Fusers%3Foffset%3D0" {
		t.Errorf("anonymous page visit redirects to %q", loc)
	}
	p.get("/login?next=/admin/users").Want(http.StatusOK)
	r := p.post("/login", url.Values{"email": {email}, "password": {"wrong-password"}, "next": {"/admin/users"}}).Want(http.StatusUnauthorized)
	contains(t, r, "Wrong email or password.", `value="admin@example.com"`, `name="next" value="/admin/users"`)
	r = p.post("/login", url.Values{"email": {email}, "password": {pw}, "next": {"/admin/users"}}).Want(http.StatusSeeOther)
	if loc := r.Header.Get("Location"); loc != "/admin/users" {
		t.Errorf("after login: Location %q, want /admin/users", loc)
	}
	r = p.get("/").Want(http.StatusOK)
	contains(t, r, "Welcome, admin@example.com", `href="/admin/users"`)
	if cc := r.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("page Cache-Control = %q, want no-store", cc)
	}
	p.post("/logout", url.Values{}).Want(http.StatusSeeOther)
	p.get("/").Want(http.StatusSeeOther)
}

func TestLoginRejectsForeignNext(t *testing.T) {
	srv, email, pw := start(t)
	p := newPage(t, srv)
	p.get("/login").Want(http.StatusOK)
	r := p.post("/login", url.Values{"email": {email}, "password": {pw}, "next": {"//evil.example/"}}).Want(http.StatusSeeOther)
	if loc := r.Header.Get("Location"); loc != "/" {
		t.Errorf("Location = %q, want /", loc)
	}
}

func TestLoginThrottled(t *testing.T) {
	srv, email, _ := start(t)
	p := newPage(t, srv)
	p.get("/login")
	wrong := url.Values{"email": {email}, "password": {"wrong-password"}}
	for range auth.AccountBackoff.Free + 1 {
		p.post("/login", wrong).Want(http.StatusUnauthorized)
	}
	r := apitest.UntilThrottled(t, func() *apitest.Response { return p.post("/login", wrong) })
	if !regexp.MustCompile(`Too many attempts: retry in \d+ s\.`).Match(r.Body) || r.Header.Get("Retry-After") == "" {
		t.Errorf("throttled login page lacks the retry message or header:\n%s", r.Body)
	}
}

func TestCSRF(t *testing.T) {
	srv, email, pw := start(t)
	p := newPage(t, srv)
	p.login(email, pw)
	p.get("/admin/tokens").Want(http.StatusOK)
	for _, token := range []string{"", "x" + p.csrf} {
		r := p.postRaw("/admin/tokens", url.Values{"name": {"EDI"}, "csrf_token": {token}}).Want(http.StatusForbidden)
		contains(t, r, `<h1 id="error-title">Not allowed</h1>`, "This form has expired")
	}
	r := p.Do("POST", "/admin/tokens", nil, "X-CSRF-Token", p.csrf, "HX-Request", "true", "Content-Type", "application/x-www-form-urlencoded")
	r.Want(http.StatusUnprocessableEntity)
}

func TestRoles(t *testing.T) {
	srv, _, _ := start(t)
	driver, dpw := apitest.CreateUser(t, srv.App.Store, "driver@example.com", tms.RoleDriver)
	viewer, vpw := apitest.CreateUser(t, srv.App.Store, "viewer@example.com", tms.RoleViewer)

	d := newPage(t, srv)
	if loc := d.login(driver.Email, dpw); loc != "/driver" {
		t.Errorf("driver lands on %q, want /driver", loc)
	}
	r := d.get("/driver").Want(http.StatusOK)
	contains(t, r, `href="/driver" aria-current="page">My loads`)
	if strings.Contains(string(r.Body), `href="/admin/users"`) || strings.Contains(string(r.Body), ">Dashboard<") {
		t.Error("driver navigation shows office links")
	}
	d.get("/admin/users").Want(http.StatusForbidden)
	d.get("/").Want(http.StatusSeeOther)
	d.get("/account").Want(http.StatusOK)

	v := newPage(t, srv)
	v.login(viewer.Email, vpw)
	r = v.get("/").Want(http.StatusOK)
	if strings.Contains(string(r.Body), "/admin/") {
		t.Error("viewer dashboard links to admin pages")
	}
	v.get("/admin/audit").Want(http.StatusForbidden)
	v.get("/driver").Want(http.StatusForbidden)
}

func TestUsersAdmin(t *testing.T) {
	srv, email, pw := start(t)
	p := newPage(t, srv)
	p.login(email, pw)
	p.get("/admin/users").Want(http.StatusOK)

	r := p.post("/admin/users", url.Values{"email": {"not-an-email"}, "name": {"Pat"}, "role": {"dispatcher"}}).Want(http.StatusUnprocessableEntity)
	contains(t, r, `value="not-an-email"`, `value="Pat"`, "Must be a valid email address.", `aria-invalid="true"`)

	r = p.post("/admin/users", url.Values{"email": {"pat@example.com"}, "name": {"Pat"}, "role": {"dispatcher"}}).Want(http.StatusCreated)
	pw2 := regexp.MustCompile(`<code id="secret" class="secret-value">([a-z0-9]{20})</code>`).FindSubmatch(r.Body)
	if pw2 == nil {
		t.Fatalf("no generated password shown:\n%s", r.Body)
	}
	p.post("/admin/users", url.Values{"email": {"pat@example.com"}, "role": {"viewer"}}).Want(http.StatusConflict)

	pat, err := srv.App.Store.UserByEmail(t.Context(), "pat@example.com")
	if err != nil {
		t.Fatal(err)
	}
	edit := fmt.Sprintf("/admin/users/%d", pat.ID)
	p.get(edit).Want(http.StatusOK)
	p.post(edit, url.Values{"name": {"Pat Lee"}, "role": {"billing"}, "active": {"on"}, "version": {"1"}}).Want(http.StatusSeeOther)
	contains(t, p.get("/admin/users").Want(http.StatusOK), "Saved pat@example.com.", "Pat Lee", "billing")
	r = p.post(edit, url.Values{"name": {"Stale"}, "role": {"viewer"}, "version": {"1"}}).Want(http.StatusConflict)
	contains(t, r, "Someone changed this user", `value="Stale"`)

	me, _ := srv.App.Store.UserByEmail(t.Context(), email)
	r = p.post(fmt.Sprintf("/admin/users/%d", me.ID), url.Values{"role": {"viewer"}, "version": {"1"}}).Want(http.StatusUnprocessableEntity)
	contains(t, r, "You cannot take away your own admin role.", "You cannot deactivate your own account.")
	p.get("/admin/users/999").Want(http.StatusNotFound)
	p.get("/admin/users/abc").Want(http.StatusNotFound)
	newPage(t, srv).login("pat@example.com", string(pw2[1]))
}

func TestTokensAndAudit(t *testing.T) {
	srv, email, pw := start(t)
	p := newPage(t, srv)
	p.login(email, pw)
	p.get("/admin/tokens").Want(http.StatusOK)
	p.post("/admin/tokens", url.Values{"name": {""}}).Want(http.StatusUnprocessableEntity)
	r := p.post("/admin/tokens", url.Values{"name": {"EDI partner"}}).Want(http.StatusCreated)
	secret := regexp.MustCompile(`<code id="secret" class="secret-value">(tms_[a-z0-9]+)</code>`).FindSubmatch(r.Body)
	if secret == nil {
		t.Fatalf("no token shown:\n%s", r.Body)
	}
	api := srv.NewClient(t)
	api.Header.Set("Authorization", "Bearer "+string(secret[1]))
	api.Do("GET", "/api/v1/me", nil).Want(http.StatusOK)

	tokens, _ := srv.App.Store.ListTokens(t.Context(), tokensOwner(t, srv, email))
	p.post(fmt.Sprintf("/admin/tokens/%d/revoke", tokens[0].ID), url.Values{}).Want(http.StatusSeeOther)
	contains(t, p.get("/admin/tokens").Want(http.StatusOK), "The token was revoked.", "revoked ")
	api.Do("GET", "/api/v1/me", nil).Want(http.StatusUnauthorized)

	r = p.get("/admin/audit?entity=api_token").Want(http.StatusOK)
	contains(t, r, "1–2 of 2", "revoke", "create")
	r = p.get("/admin/audit?entity=api_token", "HX-Request", "true").Want(http.StatusOK)
	contains(t, r, `id="audit-results"`)
	p.get("/admin/audit?offset=-1").Want(http.StatusBadRequest)
	r = p.get("/admin/audit?offset=x", "HX-Request", "true").Want(http.StatusBadRequest)
	if strings.Contains(string(r.Body), "<html") || !strings.Contains(string(r.Body), `role="alert"`) {
		t.Errorf("htmx error is not a fragment:\n%s", r.Body)
	}
}

func tokensOwner(t *testing.T, srv *apitest.Server, email string) int64 {
	u, err := srv.App.Store.UserByEmail(t.Context(), email)
	if err != nil {
		t.Fatal(err)
	}
	return u.ID
}

func TestAccountPassword(t *testing.T) {
	srv, email, pw := start(t)
	p := newPage(t, srv)
	p.login(email, pw)
	p.get("/account").Want(http.StatusOK)
	bad := url.Values{"current_password": {"nope"}, "new_password": {"short"}, "confirm_password": {"other"}}
	r := p.post("/account/password", bad).Want(http.StatusUnprocessableEntity)
	contains(t, r, "Is wrong.", "Does not match the new password.")
	r = p.post("/account/password", url.Values{"current_password": {pw}, "new_password": {"short"}, "confirm_password": {"short"}}).Want(http.StatusUnprocessableEntity)
	contains(t, r, "Must be 10 to 72 characters.")
	p.post("/account/password", url.Values{"current_password": {pw}, "new_password": {"a-long-new-password"}, "confirm_password": {"a-long-new-password"}}).Want(http.StatusSeeOther)
	contains(t, p.get("/account").Want(http.StatusOK), "Your password was changed.")
	newPage(t, srv).login(email, "a-long-new-password")
}

// The account page lists the user's own API tokens, which outlive a password change, and
// revokes them; another user's token is not theirs to revoke.
func TestAccountTokens(t *testing.T) {
	srv, email, pw := start(t)
	ctx := t.Context()
	me, err := srv.App.Store.UserByEmail(ctx, email)
	if err != nil {
		t.Fatal(err)
	}
	other, _ := apitest.CreateUser(t, srv.App.Store, "other@example.com", tms.RoleDispatcher)
	mine := tms.APIToken{UserID: me.ID, Name: "QuickBooks sync", Prefix: "tms_mine", Hash: "h-mine"}
	theirs := tms.APIToken{UserID: other.ID, Name: "Their ELD", Prefix: "tms_them", Hash: "h-them"}
	for _, tok := range []*tms.APIToken{&mine, &theirs} {
		if err := srv.App.Store.CreateToken(ctx, tok); err != nil {
			t.Fatal(err)
		}
	}
	p := newPage(t, srv)
	p.login(email, pw)
	r := p.get("/account").Want(http.StatusOK)
	contains(t, r, "QuickBooks sync", fmt.Sprintf(`action="/account/tokens/%d/revoke"`, mine.ID))
	if strings.Contains(string(r.Body), "Their ELD") {
		t.Error("the account page lists another user's token")
	}
	p.post(fmt.Sprintf("/account/tokens/%d/revoke", theirs.ID), url.Values{}).Want(http.StatusNotFound)
	p.post(fmt.Sprintf("/account/tokens/%d/revoke", mine.ID), url.Values{}).Want(http.StatusSeeOther)
	for hash, wantRevoked := range map[string]bool{"h-mine": true, "h-them": false} {
		_, _, err := srv.App.Store.UserByTokenHash(ctx, hash)
		if revoked := tms.ErrorCode(err) == tms.CodeNotFound; revoked != wantRevoked {
			t.Errorf("token %s revoked = %v (%v), want %v", hash, revoked, err, wantRevoked)
		}
	}
}

func TestErrorPages(t *testing.T) {
	srv, _, _ := start(t)
	p := newPage(t, srv)
	r := p.get("/no/such/page").Want(http.StatusNotFound)
	contains(t, r, "Page not found", "There is no page at this address.")
	if c := r.Header.Get("Set-Cookie"); c != "" {
		t.Errorf("an anonymous 404 starts a session: Set-Cookie %q", c)
	}
	if ct := r.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
		t.Errorf("404 Content-Type = %q", ct)
	}
	r = p.get("/admin/users", "HX-Request", "true").Want(http.StatusUnauthorized)
	if got := r.Header.Get("HX-Redirect"); got != "/login?next=%2Fadmin%2Fusers" {
		t.Errorf("htmx anonymous request: HX-Redirect %q", got)
	}
	p.Do("GET", "/api/v1/nope", nil).Want(http.StatusNotFound).Problem()
}
