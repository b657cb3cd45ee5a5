package app_test

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"testing"
	"time"

	"github.com/anditms/tms/internal/apitest"
	"github.com/anditms/tms/internal/share"
	"github.com/anditms/tms/internal/tms"
)

// Two instances, each with its own pools, on one PostgreSQL and one Redis: a link made on A
// opens on B, a revocation on A closes it on B at once, and misses counted on A slow the
// same address on B.
func TestInstancesShareTrackingLinks(t *testing.T) {
	in, a, b := startInstancesWithLoad(t, time.Date(2026, 12, 7, 14, 0, 0, 0, time.UTC))
	l := in.load
	u, pw := apitest.CreateUser(t, in.a, "links@example.com", tms.RoleDispatcher)
	dispatcher := a.NewClient(t).Login(u.Email, pw)
	newLink := func() (id int64, token string) {
		var c struct {
			Token string `json:"token"`
			ID    int64  `json:"id"`
		}
		dispatcher.Do("POST", fmt.Sprintf("/api/v1/loads/%d/tracking-links", l.ID), nil).Want(http.StatusCreated).JSON(&c)
		return c.ID, c.Token
	}
	id, token := newLink()

	// an address of the documentation range, new for each run: Redis keeps misses an hour
	ip := fmt.Sprintf("2001:db8::%x:%x", rand.N(1<<16), rand.N(1<<16))
	onA, onB := clientFrom(t, a, ip), clientFrom(t, b, ip)
	onB.Do("GET", "/t/"+token, nil).Want(http.StatusOK)
	dispatcher.Do("POST", fmt.Sprintf("/api/v1/tracking-links/%d/revoke", id), nil).Want(http.StatusOK)
	onB.Do("GET", "/t/"+token, nil).Want(http.StatusNotFound)

	_, fresh := newLink()
	for range share.LookupBackoff.Free - 1 { // the revoked link above was the first miss
		onA.Do("GET", "/t/"+guess(), nil).Want(http.StatusNotFound)
	}
	onB.Do("GET", "/t/"+guess(), nil).Want(http.StatusNotFound) // past the free misses: a wait starts
	onA.Do("GET", "/t/"+fresh, nil).Want(http.StatusTooManyRequests)
	clientFrom(t, a, "2001:db8::1:1").Do("GET", "/t/"+fresh, nil).Want(http.StatusOK) // other addresses are not slowed
}

func guess() string {
	token, _ := share.NewToken()
	return token
}

// clientFrom calls srv as if through the load balancer from ip.
func clientFrom(t *testing.T, srv *apitest.Server, ip string) *apitest.Client {
	c := srv.NewClient(t)
	c.Header.Set("X-Forwarded-For", ip)
	return c
}
