// Package sftp exchanges EDI files with a trading partner's SFTP server: the carrier logs in
// with its SSH key, checks the server's host key, fetches the partner's files and puts ours.
package sftp

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path"
	"time"

	"github.com/pkg/sftp"
	"golang.org/x/crypto/ssh"

	"github.com/anditms/tms/internal/tms"
)

// MaxFileBytes bounds a fetched file.
const MaxFileBytes = 10 << 20

// Mailbox is an open SFTP session with one partner's directories.
type Mailbox struct {
	ssh  *ssh.Client
	c    *sftp.Client
	conn net.Conn
	e    tms.SFTPEndpoint
}

// Dial logs in to the partner's server as e.User with signer, verifying its host key; the
// whole session must end within timeout.
func Dial(ctx context.Context, e tms.SFTPEndpoint, signer ssh.Signer, timeout time.Duration) (*Mailbox, error) {
	hostKey, _, _, _, err := ssh.ParseAuthorizedKey([]byte(e.HostKey))
	if err != nil {
		return nil, fmt.Errorf("sftp %s: host key: %w", e.Address, err)
	}
	conn, err := (&net.Dialer{Timeout: timeout}).DialContext(ctx, "tcp", e.Address)
	if err != nil {
		return nil, fmt.Errorf("sftp %s: %w", e.Address, err)
	}
	_ = conn.SetDeadline(time.Now().Add(timeout))
	cfg := &ssh.ClientConfig{User: e.User, Auth: []ssh.AuthMethod{ssh.PublicKeys(signer)},
		HostKeyCallback: ssh.FixedHostKey(hostKey), Timeout: timeout}
	sc, chans, reqs, err := ssh.NewClientConn(conn, e.Address, cfg)
	if err != nil {
		conn.Close()
		return nil, fmt.Errorf("sftp %s: %w", e.Address, err)
	}
	client := ssh.NewClient(sc, chans, reqs)
	c, err := sftp.NewClient(client)
	if err != nil {
		client.Close()
		return nil, fmt.Errorf("sftp %s: %w", e.Address, err)
	}
	return &Mailbox{ssh: client, c: c, conn: conn, e: e}, nil
}

// Fetch calls take with every regular file in the inbound directory and removes a file
// once take returned nil for it (so a file is never lost: at worst it is read twice).
func (m *Mailbox) Fetch(ctx context.Context, take func(name string, data []byte) error) error {
	entries, err := m.c.ReadDir(m.e.InboundDir)
	if err != nil {
		return fmt.Errorf("sftp list %s: %w", m.e.InboundDir, err)
	}
	for _, fi := range entries {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if !fi.Mode().IsRegular() {
			continue
		}
		p := path.Join(m.e.InboundDir, fi.Name())
		data, err := m.read(p)
		if err != nil {
			return err
		}
		if err := take(fi.Name(), data); err != nil {
			return err
		}
		if err := m.c.Remove(p); err != nil {
			return fmt.Errorf("sftp remove %s: %w", p, err)
		}
	}
	return nil
}

func (m *Mailbox) read(p string) ([]byte, error) {
	f, err := m.c.Open(p)
	if err != nil {
		return nil, fmt.Errorf("sftp open %s: %w", p, err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxFileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("sftp read %s: %w", p, err)
	}
	if len(data) > MaxFileBytes {
		return nil, fmt.Errorf("sftp %s is larger than %d MB", p, MaxFileBytes>>20)
	}
	return data, nil
}

// Put writes a file into the outbound directory under a temporary name and renames it, so
// the partner never picks up half a file.
func (m *Mailbox) Put(_ context.Context, name string, data []byte) error {
	final := path.Join(m.e.OutboundDir, name)
	part := final + ".part"
	f, err := m.c.OpenFile(part, os.O_WRONLY|os.O_CREATE|os.O_TRUNC)
	if err != nil {
		return fmt.Errorf("sftp create %s: %w", part, err)
	}
	_, err = f.Write(data)
	if err = errors.Join(err, f.Close()); err != nil {
		return fmt.Errorf("sftp write %s: %w", part, err)
	}
	if err := m.c.PosixRename(part, final); err != nil {
		if err2 := m.c.Rename(part, final); err2 != nil { // servers without the posix-rename extension
			return fmt.Errorf("sftp rename %s: %w", final, errors.Join(err, err2))
		}
	}
	return nil
}

// Close ends the session.
func (m *Mailbox) Close() error {
	return errors.Join(m.c.Close(), m.ssh.Close())
}
