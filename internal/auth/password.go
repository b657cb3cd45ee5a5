// Package auth verifies who is calling: password logins with per-IP and per-account
// throttling, generated passwords, and API tokens stored as hashes.
package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/bcrypt"

	"github.com/anditms/tms/internal/tms"
)

// MinPasswordLength is enforced on every password a person chooses.
const MinPasswordLength = 10

// bcryptCost is bcrypt's default: about 60 ms per check on this machine kind.
const bcryptCost = bcrypt.DefaultCost

// HashPassword validates and hashes a password with bcrypt.
func HashPassword(password string) (string, error) {
	if len(password) < MinPasswordLength || len(password) > 72 {
		return "", &tms.Error{Code: tms.CodeInvalid, Message: "validation failed",
			Fields: map[string]string{"password": fmt.Sprintf("must be %d to 72 characters", MinPasswordLength)}}
	}
	h, err := bcrypt.GenerateFromPassword([]byte(password), bcryptCost)
	if err != nil {
		return "", fmt.Errorf("hash password: %w", err)
	}
	return string(h), nil
}

// CheckPassword reports whether password matches hash.
func CheckPassword(hash, password string) bool {
	return bcrypt.CompareHashAndPassword([]byte(hash), []byte(password)) == nil
}

// dummyHash is compared against when the account does not exist, so a login takes as long
// for an unknown email as for a wrong password.
var dummyHash, _ = bcrypt.GenerateFromPassword([]byte("not-a-real-password"), bcryptCost)

var encoding = base32.StdEncoding.WithPadding(base32.NoPadding)

func randomString(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return strings.ToLower(encoding.EncodeToString(b))
}

// GeneratePassword returns a random 20-character password (100 bits).
func GeneratePassword() string { return randomString(13)[:20] }

// TokenPrefix starts every API token so it is recognisable in logs and secret scanners.
const TokenPrefix = "tms_"

// NewToken returns a fresh API token: the secret shown once, a short display prefix and
// the hash that is stored.
func NewToken() (secret, prefix, hash string) {
	secret = TokenPrefix + randomString(32)
	return secret, secret[:len(TokenPrefix)+6], HashToken(secret)
}

// HashToken hashes a token for lookup. Tokens are long and random, so SHA-256 suffices.
func HashToken(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// ErrBadCredentials is the one answer to a wrong email or a wrong password.
var ErrBadCredentials = errors.New("bad credentials")

// NewUser validates and hashes; an empty password is generated and returned once.
func NewUser(email, name string, role tms.Role, password string) (tms.User, string, error) {
	generated := ""
	if password == "" {
		password = GeneratePassword()
		generated = password
	}
	hash, err := HashPassword(password)
	if err != nil {
		return tms.User{}, "", err
	}
	u := tms.User{Email: email, Name: name, Role: role, Active: true, PasswordHash: hash}
	return u, generated, u.Validate()
}
