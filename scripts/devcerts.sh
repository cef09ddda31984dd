#!/usr/bin/env bash
# scripts/devcerts.sh DIR - a throwaway PKI for trying TLS and mTLS locally:
# DIR/ca.pem, DIR/server.pem + DIR/server-key.pem (for 127.0.0.1 and
# localhost), DIR/client.pem + DIR/client-key.pem (CN "dev-client"), all
# valid for 7 days. Keys are unencrypted: for development only.
set -euo pipefail
dir="${1:?usage: scripts/devcerts.sh DIR}"
mkdir -p "$dir"
cd "$dir"
umask 077
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 7 \
	-subj "/CN=netverdict dev CA" -keyout ca-key.pem -out ca.pem 2>/dev/null
leaf() { # leaf NAME CN EXT
	openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=$2" \
		-keyout "$1-key.pem" -out "$1.csr" 2>/dev/null
	printf '%s\n' "$3" >"$1.ext"
	openssl x509 -req -in "$1.csr" -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days 7 \
		-extfile "$1.ext" -out "$1.pem" 2>/dev/null
	rm -f "$1.csr" "$1.ext"
}
leaf server localhost "subjectAltName=IP:127.0.0.1,DNS:localhost
extendedKeyUsage=serverAuth"
leaf client dev-client "extendedKeyUsage=clientAuth"
echo "devcerts: wrote ca.pem, server.pem, server-key.pem, client.pem, client-key.pem in $dir"
