#!/usr/bin/env bash
# Writes a self-signed certificate for the loopback test servers to DIR/cert.pem and its
# key to DIR/key.pem, valid for IP 127.0.0.1 and DNS localhost (subjectAltName), so that
# libcurl verifies it against smtp(s)://127.0.0.1:PORT or smtp(s)://localhost:PORT when
# given --cacert DIR/cert.pem (CURLOPT_CAINFO). Needs only the openssl CLI.
# usage: make_cert.sh DIR
set -euo pipefail
if [[ $# -ne 1 ]]; then
    echo "usage: make_cert.sh DIR" >&2
    exit 2
fi
dir=$1
mkdir -p "$dir"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -sha256 -days 3650 \
    -subj "/CN=localhost" \
    -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" \
    -addext "extendedKeyUsage=serverAuth" \
    -keyout "$dir/key.pem" -out "$dir/cert.pem" 2>/dev/null
chmod 600 "$dir/key.pem"
