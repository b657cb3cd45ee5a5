package web

import "net/http"

// BaseURL is the scheme and host the client reached us by ("https://tms.example.com"),
// behind the ALB too (X-Forwarded-Proto), for links the client will follow or hand on.
func BaseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil || r.Header.Get("X-Forwarded-Proto") == "https" {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}
