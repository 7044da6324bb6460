// jot-conformance adapter for golang-jwt v4 (conformance/PROTOCOL.md), as
// Debian ships it (golang-github-golang-jwt-jwt-dev; import path without /v4).
//
// Build offline:
//
//	GO111MODULE=off GOPATH=/usr/share/gocode go build -o adapter-golang-jwt main.go
//
// Recommended safe use (pkg.go.dev/github.com/golang-jwt/jwt/v4, Parse and
// WithValidMethods): jwt.NewParser(jwt.WithValidMethods(allow-list)).Parse
// with a Keyfunc that returns the key the header's kid selects (the only key
// when there is no kid), then MapClaims.VerifyIssuer/VerifyAudience and
// VerifyExpiresAt/VerifyNotBefore/VerifyIssuedAt with req=true for required
// claims. golang-jwt has no JWK type: the Keyfunc turns the JWK into the
// crypto key its signing method takes, with the standard library only. The
// clock is jwt.TimeFunc; v4 has no leeway, and can require only
// exp/nbf/iat/iss/aud: such requests are "unsupported".
package main

import (
	"bufio"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"os"
	"time"

	jwt "github.com/golang-jwt/jwt"
)

type request struct {
	ID         uint32                         `json:"id"`
	Token      string                         `json:"token"`
	Keys       struct{ Keys []map[string]any } `json:"keys"`
	Algorithms []string                       `json:"algorithms"`
	Now        int64                          `json:"now"`
	Leeway     int64                          `json:"leeway"`
	Issuer     *string                        `json:"issuer"`
	Audience   *string                        `json:"audience"`
	Required   []string                       `json:"required"`
}

func b64(jwk map[string]any, name string) []byte {
	s, _ := jwk[name].(string)
	b, _ := base64.RawURLEncoding.DecodeString(s)
	return b
}

// The crypto key for a JWK, as golang-jwt's signing methods take it.
func cryptoKey(jwk map[string]any) (any, error) {
	switch jwk["kty"] {
	case "oct":
		return b64(jwk, "k"), nil
	case "RSA":
		return &rsa.PublicKey{N: new(big.Int).SetBytes(b64(jwk, "n")), E: int(new(big.Int).SetBytes(b64(jwk, "e")).Int64())}, nil
	case "EC":
		curves := map[any]elliptic.Curve{"P-256": elliptic.P256(), "P-384": elliptic.P384(), "P-521": elliptic.P521()}
		curve, ok := curves[jwk["crv"]]
		if !ok {
			return nil, fmt.Errorf("jwk: unsupported crv %v", jwk["crv"])
		}
		return &ecdsa.PublicKey{Curve: curve, X: new(big.Int).SetBytes(b64(jwk, "x")), Y: new(big.Int).SetBytes(b64(jwk, "y"))}, nil
	case "OKP":
		if jwk["crv"] != "Ed25519" {
			return nil, fmt.Errorf("jwk: unsupported crv %v", jwk["crv"])
		}
		return ed25519.PublicKey(b64(jwk, "x")), nil
	}
	return nil, fmt.Errorf("jwk: unsupported kty %v", jwk["kty"])
}

func verify(req request) (claims jwt.MapClaims, unsupported string, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	if req.Leeway != 0 {
		return nil, "golang-jwt v4 has no leeway", nil
	}
	for _, c := range req.Required {
		if c != "exp" && c != "nbf" && c != "iat" && c != "iss" && c != "aud" {
			return nil, "golang-jwt v4 cannot require " + c, nil
		}
	}
	jwt.TimeFunc = func() time.Time { return time.Unix(req.Now, 0) }
	keyfunc := func(t *jwt.Token) (any, error) {
		kid, hasKid := t.Header["kid"]
		var found []map[string]any
		for _, k := range req.Keys.Keys {
			if !hasKid || k["kid"] == kid {
				found = append(found, k)
			}
		}
		if len(found) != 1 {
			return nil, fmt.Errorf("no key: %d keys match the kid", len(found))
		}
		return cryptoKey(found[0])
	}
	claims = jwt.MapClaims{}
	if _, err := jwt.NewParser(jwt.WithValidMethods(req.Algorithms)).ParseWithClaims(req.Token, claims, keyfunc); err != nil {
		return nil, "", err
	}
	now := req.Now
	checks := map[string]bool{
		"exp": claims.VerifyExpiresAt(now, true), "nbf": claims.VerifyNotBefore(now, true),
		"iat": claims.VerifyIssuedAt(now, true), "iss": claims.VerifyIssuer("", true), "aud": claims.VerifyAudience("", true),
	}
	for _, c := range req.Required {
		if c != "iss" && c != "aud" && !checks[c] {
			return nil, "", errors.New("required claim " + c + ": Verify returned false")
		}
	}
	if req.Issuer != nil && !claims.VerifyIssuer(*req.Issuer, true) {
		return nil, "", errors.New("VerifyIssuer: issuer mismatch")
	}
	if req.Audience != nil && !claims.VerifyAudience(*req.Audience, true) {
		return nil, "", errors.New("VerifyAudience: audience mismatch")
	}
	return claims, "", nil
}

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 8<<20)
	out := json.NewEncoder(os.Stdout)
	for in.Scan() {
		var req request
		_ = json.Unmarshal(in.Bytes(), &req)
		claims, unsupported, err := verify(req)
		answer := map[string]any{"id": req.ID, "result": "accept", "claims": claims}
		if unsupported != "" {
			answer = map[string]any{"id": req.ID, "result": "unsupported", "error": unsupported}
		} else if err != nil {
			answer = map[string]any{"id": req.ID, "result": "reject", "error": err.Error()}
		}
		if out.Encode(answer) != nil {
			_ = out.Encode(map[string]any{"id": req.ID, "result": "accept", "claims": map[string]any{"unprintable": true}})
		}
	}
}
