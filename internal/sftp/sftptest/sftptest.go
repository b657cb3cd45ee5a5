// Package sftptest runs a real SFTP server (golang.org/x/crypto/ssh + github.com/pkg/sftp)
// on 127.0.0.1 for tests, serving a temporary directory to one client key.
package sftptest

import (
	"crypto/ed25519"
	"crypto/rand"
	"net"
	"os"
	"path/filepath"
	"testing"

	"github.com/pkg/sftp"
	"golang.org/x/crypto/ssh"

	"github.com/anditms/tms/internal/tms"
)

// Server is a running SFTP server; Root is the directory it serves (in/ and out/ exist).
type Server struct {
	Addr    string
	Root    string
	HostKey string     // authorized_keys line of the server's key
	Client  ssh.Signer // the only key it lets in, as user "carrier"
}

// Start runs a server until the test ends.
func Start(t testing.TB) *Server {
	t.Helper()
	host, client := newSigner(t), newSigner(t)
	root := t.TempDir()
	for _, d := range []string{"in", "out"} {
		if err := os.Mkdir(filepath.Join(root, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	cfg := &ssh.ServerConfig{PublicKeyCallback: func(meta ssh.ConnMetadata, key ssh.PublicKey) (*ssh.Permissions, error) {
		if meta.User() == "carrier" && string(key.Marshal()) == string(client.PublicKey().Marshal()) {
			return &ssh.Permissions{}, nil
		}
		return nil, os.ErrPermission
	}}
	cfg.AddHostKey(host)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go accept(ln, cfg, root)
	return &Server{Addr: ln.Addr().String(), Root: root, HostKey: string(ssh.MarshalAuthorizedKey(host.PublicKey())), Client: client}
}

// Endpoint is the partner setting that reaches this server.
func (s *Server) Endpoint() tms.SFTPEndpoint {
	return tms.SFTPEndpoint{Address: s.Addr, User: "carrier", HostKey: s.HostKey,
		InboundDir: filepath.Join(s.Root, "in"), OutboundDir: filepath.Join(s.Root, "out")}
}

func newSigner(t testing.TB) ssh.Signer {
	_, key, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s, err := ssh.NewSignerFromKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func accept(ln net.Listener, cfg *ssh.ServerConfig, root string) {
	for {
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		go serve(conn, cfg, root)
	}
}

// serve answers one SSH connection: session channels with the sftp subsystem only.
func serve(conn net.Conn, cfg *ssh.ServerConfig, root string) {
	defer conn.Close()
	_, chans, reqs, err := ssh.NewServerConn(conn, cfg)
	if err != nil {
		return
	}
	go ssh.DiscardRequests(reqs)
	for nc := range chans {
		if nc.ChannelType() != "session" {
			_ = nc.Reject(ssh.UnknownChannelType, "session only")
			continue
		}
		ch, requests, err := nc.Accept()
		if err != nil {
			return
		}
		go func() {
			for req := range requests {
				ok := req.Type == "subsystem" && len(req.Payload) > 4 && string(req.Payload[4:]) == "sftp"
				_ = req.Reply(ok, nil)
				if ok {
					srv, err := sftp.NewServer(ch, sftp.WithServerWorkingDirectory(root))
					if err == nil {
						_ = srv.Serve()
					}
					ch.Close()
				}
			}
		}()
	}
}
