package web

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"time"

	"github.com/alexedwards/scs/v2"

	"github.com/anditms/tms/internal/auth"
	"github.com/anditms/tms/internal/authz"
	"github.com/anditms/tms/internal/tms"
)

// SessionUserKey is the session field holding the logged-in user's id.
const SessionUserKey = "user_id"

// sessionPasswordKey holds a fingerprint of the password hash the session was started with:
// a password change or reset changes the hash, and so ends every other session of the user.
const sessionPasswordKey = "password_fp"

// StartSession renews the session token (no fixation) and logs u into the session.
func StartSession(ctx context.Context, s *scs.SessionManager, u tms.User) error {
	if err := s.RenewToken(ctx); err != nil {
		return err
	}
	s.Put(ctx, SessionUserKey, u.ID)
	s.Put(ctx, sessionPasswordKey, passwordFingerprint(u.PasswordHash))
	s.Put(ctx, sessionEndKey, s.Deadline(ctx).Unix()) // RenewToken restarted the lifetime
	extendSession(ctx, s, time.Now())
	return nil
}

// Sessions end after SessionIdleTimeout without a request, and SessionLifetime after they began
// at the latest. A request extends the idle deadline only when the last extension is
// sessionTouchInterval old, so a busy session is written to its store once a minute, not on
// every request (scs's own IdleTimeout commits the session on every request).
const (
	SessionIdleTimeout   = 4 * time.Hour
	SessionLifetime      = 12 * time.Hour
	sessionTouchInterval = time.Minute
	sessionTouchedKey    = "touched_at" // unix seconds of the last extension
	sessionEndKey        = "ends_at"    // unix seconds of the absolute end (SessionLifetime)
)

// touchSession extends the session (extendSession) unless that was done less than
// sessionTouchInterval ago.
func touchSession(ctx context.Context, s *scs.SessionManager, now time.Time) {
	if now.Unix()-s.GetInt64(ctx, sessionTouchedKey) >= int64(sessionTouchInterval/time.Second) {
		extendSession(ctx, s, now)
	}
}

// extendSession moves the session's deadline, which is its expiry in the store and on the
// cookie, to now + SessionIdleTimeout, never past its absolute end.
func extendSession(ctx context.Context, s *scs.SessionManager, now time.Time) {
	end := s.GetInt64(ctx, sessionEndKey)
	if end == 0 { // a session begun before this key: its deadline is still the absolute one
		end = s.Deadline(ctx).Unix()
		s.Put(ctx, sessionEndKey, end)
	}
	s.Put(ctx, sessionTouchedKey, now.Unix())
	s.SetDeadline(ctx, time.Unix(min(end, now.Add(SessionIdleTimeout).Unix()), 0).UTC())
}

func passwordFingerprint(hash string) string {
	sum := sha256.Sum256([]byte(hash))
	return hex.EncodeToString(sum[:8])
}

// NewSessions configures the session manager: cookies HttpOnly and SameSite=Lax always,
// Secure outside dev; the store is Redis (shared by every instance) or the database.
func NewSessions(store scs.Store, secure bool) *scs.SessionManager {
	s := scs.New()
	s.Store = store
	s.Codec = sessionCodec{}
	s.Lifetime = SessionLifetime // no IdleTimeout: touchSession does it without a write per request
	s.Cookie.Name = "tms_session"
	s.Cookie.HttpOnly = true
	s.Cookie.SameSite = http.SameSiteLaxMode
	s.Cookie.Secure = secure
	s.Cookie.Path = "/"
	s.ErrorFunc = func(w http.ResponseWriter, r *http.Request, err error) { WriteProblem(w, r, err) }
	return s
}

type userKey struct{}

// CurrentUser returns the authenticated user of the request.
func CurrentUser(ctx context.Context) (tms.User, bool) {
	u, ok := ctx.Value(userKey{}).(tms.User)
	return u, ok
}

// Identify resolves the caller from `Authorization: Bearer` or the session cookie and puts the
// user and the audit actor into the context. It rejects nothing by itself except a bad token:
// routes decide with Require.
type Identify struct {
	Users    tms.Store
	Sessions *scs.SessionManager
	Fail     ErrorWriter      // nil = problem+json
	Now      func() time.Time // nil = time.Now; moves the session's idle deadline
}

// Wrap returns the identifying middleware.
func (id Identify) Wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u, source, err := id.resolve(r)
		if err != nil {
			PageOrProblem(id.Fail)(w, r, err)
			return
		}
		if u.ID != 0 { // an anonymous request (a GPS tracker) goes on as it is, without a copy
			ctx := context.WithValue(r.Context(), userKey{}, u)
			a := tms.Actor{UserID: u.ID, Email: u.Email, Role: u.Role, Source: source, RequestID: RequestID(ctx)}
			if u.DriverID != nil {
				a.DriverID = *u.DriverID
			}
			r = r.WithContext(tms.WithActor(ctx, a))
		}
		next.ServeHTTP(w, r)
	})
}

func (id Identify) resolve(r *http.Request) (tms.User, tms.Source, error) {
	if h := r.Header.Get("Authorization"); h != "" {
		secret, ok := strings.CutPrefix(h, "Bearer ")
		if !ok {
			return tms.User{}, "", tms.Errorf(tms.CodeUnauthorized, "Authorization must be a Bearer token")
		}
		u, _, err := id.Users.UserByTokenHash(r.Context(), auth.HashToken(strings.TrimSpace(secret)))
		if tms.ErrorCode(err) == tms.CodeNotFound {
			return u, "", tms.Errorf(tms.CodeUnauthorized, "the API token is unknown or revoked")
		}
		return u, tms.SourceAPI, err
	}
	uid := id.Sessions.GetInt64(r.Context(), SessionUserKey)
	if uid == 0 {
		return tms.User{}, "", nil
	}
	u, err := id.Users.User(r.Context(), uid)
	stale := err == nil && id.Sessions.GetString(r.Context(), sessionPasswordKey) != passwordFingerprint(u.PasswordHash)
	if tms.ErrorCode(err) == tms.CodeNotFound || (err == nil && !u.Active) || stale {
		return tms.User{}, "", id.Sessions.Destroy(r.Context())
	}
	if err == nil {
		touchSession(r.Context(), id.Sessions, id.now())
	}
	return u, tms.SourceUser, err
}

func (id Identify) now() time.Time {
	if id.Now == nil {
		return time.Now()
	}
	return id.Now()
}

// Require admits callers the authorization table allows to do action; others get 401 or 403.
func Require(action authz.Action, next Handler) Handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		if err := action.Check(tms.ActorFrom(r.Context())); err != nil {
			return err
		}
		return next(w, r)
	}
}

// ClientIP is the caller's address. Behind the load balancer (a private or loopback peer)
// it is the right-most X-Forwarded-For entry, the one the balancer itself appended.
func ClientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	peer, err := netip.ParseAddr(host)
	if err != nil || !(peer.IsPrivate() || peer.IsLoopback()) {
		return host
	}
	xff := r.Header.Values("X-Forwarded-For")
	if len(xff) == 0 {
		return host
	}
	parts := strings.Split(xff[len(xff)-1], ",")
	if ip, err := netip.ParseAddr(strings.TrimSpace(parts[len(parts)-1])); err == nil {
		return ip.String()
	}
	return host
}
