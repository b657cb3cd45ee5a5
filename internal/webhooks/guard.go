package webhooks

import (
	"context"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"syscall"

	"github.com/anditms/tms/internal/tms"
)

// metadataNets are never a webhook's destination: link-local (the cloud metadata service at
// 169.254.169.254, fe80::/10) and the AWS IPv6 metadata address.
var metadataNets = []netip.Prefix{
	netip.MustParsePrefix("169.254.0.0/16"),
	netip.MustParsePrefix("fe80::/10"),
	netip.MustParsePrefix("fd00:ec2::254/128"),
}

// Guard keeps webhooks away from addresses inside the carrier's network (SSRF).
// AllowPrivate admits loopback, private and unspecified addresses (embedded mode, tests);
// metadata and link-local addresses are refused always.
type Guard struct {
	AllowPrivate bool
	// Resolve looks a host's addresses up; nil means net.DefaultResolver.
	Resolve func(ctx context.Context, host string) ([]netip.Addr, error)
}

// Allowed reports why an address may not be called, or nil.
func (g Guard) Allowed(ip netip.Addr) error {
	ip = ip.Unmap()
	for _, n := range metadataNets {
		if n.Contains(ip) {
			return fmt.Errorf("%s is a link-local or metadata address", ip)
		}
	}
	private := ip.IsLoopback() || ip.IsPrivate() || ip.IsUnspecified() || ip.IsMulticast() || ip.IsLinkLocalMulticast()
	if private && !g.AllowPrivate {
		return fmt.Errorf("%s is a private address (set WEBHOOK_ALLOW_PRIVATE_URLS to allow it)", ip)
	}
	return nil
}

// CheckURL refuses a subscription address that is plain http outside dev mode or whose host
// resolves to a refused address (CodeInvalid, on the url field).
func (g Guard) CheckURL(ctx context.Context, raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return urlError("is not a valid address")
	}
	if u.Scheme != "https" && !g.AllowPrivate {
		return urlError("must be https")
	}
	addrs, err := g.resolve(ctx, u.Hostname())
	if err != nil || len(addrs) == 0 {
		return urlError("the host " + u.Hostname() + " does not resolve")
	}
	for _, a := range addrs {
		if err := g.Allowed(a); err != nil {
			return urlError("is refused: " + err.Error())
		}
	}
	return nil
}

func (g Guard) resolve(ctx context.Context, host string) ([]netip.Addr, error) {
	if ip, err := netip.ParseAddr(host); err == nil {
		return []netip.Addr{ip}, nil
	}
	if g.Resolve != nil {
		return g.Resolve(ctx, host)
	}
	return net.DefaultResolver.LookupNetIP(ctx, "ip", host)
}

// Control is a net.Dialer Control that refuses a connection to a refused address: it judges
// the address actually dialled, so a name that resolved elsewhere at subscription time (DNS
// rebinding) is still caught.
func (g Guard) Control(_, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("webhook address %q: %w", address, err)
	}
	return g.Allowed(ap.Addr())
}

func urlError(msg string) error { return tms.Validation{"url": msg}.Err() }
