package webhooks

import (
	"context"
	"net/netip"
	"net/url"
	"testing"

	"github.com/anditms/tms/internal/tms"
)

// fakeDNS resolves the test's host names without a network.
func fakeDNS(_ context.Context, host string) ([]netip.Addr, error) {
	table := map[string][]string{
		"hooks.example.com":    {"93.184.216.34"},
		"metadata.example.com": {"93.184.216.34", "169.254.169.254"},
		"intranet.example.com": {"10.1.2.3"},
		"v6meta.example.com":   {"fd00:ec2::254"},
	}
	var out []netip.Addr
	for _, a := range table[host] {
		out = append(out, netip.MustParseAddr(a))
	}
	return out, nil
}

func TestGuardRefusesMetadataAlwaysAndPrivateUnlessAllowed(t *testing.T) {
	tests := []struct {
		url                  string
		production, embedded bool // accepted?
	}{
		{"https://hooks.example.com/in", true, true},
		{"http://hooks.example.com/in", false, true},
		{"https://169.254.169.254/latest/meta-data", false, false},
		{"http://169.254.169.254/latest/meta-data", false, false},
		{"https://metadata.example.com/", false, false}, // one of its addresses is the metadata service
		{"https://v6meta.example.com/", false, false},
		{"https://[fd00:ec2::254]/", false, false},
		{"https://[::ffff:169.254.169.254]/", false, false},
		{"https://[fe80::1]/", false, false},
		{"https://intranet.example.com/", false, true},
		{"https://127.0.0.1:8443/", false, true},
		{"https://[::1]/", false, true},
		{"https://192.168.1.10/", false, true},
		{"https://0.0.0.0/", false, true},
		{"https://nowhere.example.com/", false, false},
	}
	for _, tt := range tests {
		for _, mode := range []struct {
			allow bool
			want  bool
		}{{false, tt.production}, {true, tt.embedded}} {
			g := Guard{AllowPrivate: mode.allow, Resolve: fakeDNS}
			err := g.CheckURL(context.Background(), tt.url)
			if (err == nil) != mode.want {
				t.Errorf("AllowPrivate=%v %s: err %v, want accepted %v", mode.allow, tt.url, err, mode.want)
			}
			if err != nil && tms.ErrorCode(err) != tms.CodeInvalid {
				t.Errorf("%s: code %s, want invalid", tt.url, tms.ErrorCode(err))
			}
		}
	}
}

// TestGuardControlJudgesTheDialledAddress: the dialer refuses a metadata or private address
// whatever the name resolved to when the subscription was saved (DNS rebinding).
func TestGuardControlJudgesTheDialledAddress(t *testing.T) {
	prod := Guard{}
	for addr, ok := range map[string]bool{"93.184.216.34:443": true, "169.254.169.254:80": false, "10.0.0.5:443": false, "[fd00:ec2::254]:80": false} {
		if err := prod.Control("tcp", addr, nil); (err == nil) != ok {
			t.Errorf("Control(%s) = %v, want allowed %v", addr, err, ok)
		}
	}
	if err := (Guard{AllowPrivate: true}).Control("tcp", "127.0.0.1:8080", nil); err != nil {
		t.Errorf("loopback refused in dev: %v", err)
	}
}

// FuzzCheckURL: any address is judged without a panic, an accepted one is http(s), and in
// production mode it is https and resolves to no refused address.
func FuzzCheckURL(f *testing.F) {
	for _, s := range []string{"https://hooks.example.com/in", "http://[::ffff:a9fe:a9fe]/", "https://169.254.169.254.nip.io/", "https://user:pw@hooks.example.com/",
		"https://%zz/", "//hooks.example.com", "https://[fe80::1%25eth0]/", "https://0x7f.1/"} {
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, raw string, allowPrivate bool) {
		g := Guard{AllowPrivate: allowPrivate, Resolve: fakeDNS}
		sub := tms.WebhookSubscription{URL: raw, Events: []string{tms.WebhookPosition}, Secret: tms.WebhookSecretPrefix}
		if sub.Validate() != nil || g.CheckURL(context.Background(), sub.URL) != nil {
			return
		}
		u, err := url.Parse(sub.URL)
		if err != nil || (u.Scheme != "https" && !allowPrivate) {
			t.Fatalf("accepted %q", raw)
		}
		addrs, _ := g.resolve(context.Background(), u.Hostname())
		for _, a := range addrs {
			if g.Allowed(a) != nil {
				t.Fatalf("accepted %q resolving to %s", raw, a)
			}
		}
	})
}

// FuzzVerify: a receiver's check of any headers never panics, and never accepts a signature
// made for another body.
func FuzzVerify(f *testing.F) {
	f.Add("msg_1", "1614265330", "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", []byte(`{"test": 2432232314}`))
	f.Add("", "-1", "v1, v1,,", []byte{})
	f.Fuzz(func(t *testing.T, id, timestamp, signature string, body []byte) {
		const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
		if !Verify(secret, id, timestamp, signature, body) {
			return
		}
		if Verify(secret, id, timestamp, signature, append(body, 'x')) {
			t.Fatalf("one signature verified two bodies")
		}
	})
}
