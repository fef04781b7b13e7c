//! Twenty-fourth review: secrets as real tools print them (`docker inspect`, `kubectl get
//! secret`, `env`, `curl -v`, presigned URLs, git remotes, key files of every form, state files
//! and vendors' tokens) are hidden, Terraform's own marks of sensitive attributes are obeyed, and
//! public material (digests, hashes, ids, public keys, certificates, a Secret's CA certificate
//! and namespace, durations) stays readable.

mod common;

use common::{changed, missed_paths, wrong_redactions};
use pretty_assertions::assert_eq;
use serde_json::json;
use warden_secrets::{REDACTED, redact, redact_text, sensitive_content};

/// A self-signed certificate for `CN=kubernetes`, in base64 as a Secret's `ca.crt` holds it.
const CA_CRT: &str = "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUJnRENDQVNXZ0F3SUJBZ0lVVmttUllNaVFYTkhtNnczQmh6R2YwNi90WUNVd0NnWUlLb1pJemowRUF3SXcKRlRFVE1CRUdBMVVFQXd3S2EzVmlaWEp1WlhSbGN6QWVGdzB5TmpFeU1EUXhPRE15TkRGYUZ3MHlOakV5TURVeApPRE15TkRGYU1CVXhFekFSQmdOVkJBTU1DbXQxWW1WeWJtVjBaWE13V1RBVEJnY3Foa2pPUFFJQkJnZ3Foa2pPClBRTUJCd05DQUFSbW9la29rakF0aTlhR0c1bkI2ZmJvWWJ4L1h1SG45QlVjc1ErNWk5QVI0ZUJkSnBFb1JpaysKSEUwQitoN2hGYnBBV3FSMENndjFZb2VTK1dzK3llMzJvMU13VVRBZEJnTlZIUTRFRmdRVXhQUDRRdk53TXFYMgo2d2VVd2lXWW9RQy9icVl3SHdZRFZSMGpCQmd3Rm9BVXhQUDRRdk53TXFYMjZ3ZVV3aVdZb1FDL2JxWXdEd1lEClZSMFRBUUgvQkFVd0F3RUIvekFLQmdncWhrak9QUVFEQWdOSkFEQkdBaUVBZ0liNnhQZlRaVVFoSDI0Q1laZm0KeTA4cWlsRXNDM3hueDhRL216MStLL2NDSVFESzE4Lzg3K3FqUzl2ZkUxTzdsSHVjcU85eHMzbWFLSDRKWmZYZQpCcE5RT0E9PQotLS0tLUVORCBDRVJUSUZJQ0FURS0tLS0tCg==";

/// The same certificate followed by its private key, in base64 (a `tls.crt` bundled wrongly).
const CERT_AND_KEY: &str = "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUJnRENDQVNXZ0F3SUJBZ0lVVmttUllNaVFYTkhtNnczQmh6R2YwNi90WUNVd0NnWUlLb1pJemowRUF3SXcKRlRFVE1CRUdBMVVFQXd3S2EzVmlaWEp1WlhSbGN6QWVGdzB5TmpFeU1EUXhPRE15TkRGYUZ3MHlOakV5TURVeApPRE15TkRGYU1CVXhFekFSQmdOVkJBTU1DbXQxWW1WeWJtVjBaWE13V1RBVEJnY3Foa2pPUFFJQkJnZ3Foa2pPClBRTUJCd05DQUFSbW9la29rakF0aTlhR0c1bkI2ZmJvWWJ4L1h1SG45QlVjc1ErNWk5QVI0ZUJkSnBFb1JpaysKSEUwQitoN2hGYnBBV3FSMENndjFZb2VTK1dzK3llMzJvMU13VVRBZEJnTlZIUTRFRmdRVXhQUDRRdk53TXFYMgo2d2VVd2lXWW9RQy9icVl3SHdZRFZSMGpCQmd3Rm9BVXhQUDRRdk53TXFYMjZ3ZVV3aVdZb1FDL2JxWXdEd1lEClZSMFRBUUgvQkFVd0F3RUIvekFLQmdncWhrak9QUVFEQWdOSkFEQkdBaUVBZ0liNnhQZlRaVVFoSDI0Q1laZm0KeTA4cWlsRXNDM3hueDhRL216MStLL2NDSVFESzE4Lzg3K3FqUzl2ZkUxTzdsSHVjcU85eHMzbWFLSDRKWmZYZQpCcE5RT0E9PQotLS0tLUVORCBDRVJUSUZJQ0FURS0tLS0tCi0tLS0tQkVHSU4gUFJJVkFURSBLRVktLS0tLQpNSUdIQWdFQU1CTUdCeXFHU000OUFnRUdDQ3FHU000OUF3RUhCRzB3YXdJQkFRUWdwL2d1OFR2SmQxRGFtWGZuCk1ZeE1uSzFYZFowOHNKZmlGL2wxNi8xd2VuQ2hSQU5DQUFSbW9la29rakF0aTlhR0c1bkI2ZmJvWWJ4L1h1SG4KOUJVY3NRKzVpOUFSNGVCZEpwRW9SaWsrSEUwQitoN2hGYnBBV3FSMENndjFZb2VTK1dzK3llMzIKLS0tLS1FTkQgUFJJVkFURSBLRVktLS0tLQo=";

/// The `(text, secret)` pairs whose secret is still in the text once redacted.
fn leaked(cases: &[(&str, &str)]) -> Vec<String> {
    cases
        .iter()
        .filter_map(|(text, secret)| {
            let got = redact_text(text);
            got.contains(secret)
                .then(|| format!("{secret:?} leaked from {text:?}\n   got {got:?}"))
        })
        .collect()
}

#[test]
fn secrets_in_real_tool_output_are_hidden() {
    let cases: &[(&str, &str)] = &[
        // `docker inspect`'s environment, names with the secret word inside.
        (
            r#""Env": ["DB_PASSWORD=Xk9mQ2vLp7wRt", "PATH=/usr/bin"],"#,
            "Xk9mQ2vLp7wRt",
        ),
        (r#"    "MYAPP_DBPASS=hunter2secret","#, "hunter2secret"),
        (r#"    "SMTP_PASSWD=Zq8rT5uYw","#, "Zq8rT5uYw"),
        (r#"    "X_AUTH=a8f3k2m9q1w7e4r6","#, "a8f3k2m9q1w7e4r6"),
        (
            r#"    "PRIVATE_KEY_B64=LS0tLS1CRUdJTiBQUklW","#,
            "LS0tLS1CRUdJTiBQUklW",
        ),
        (
            r#"    "CLIENT_SECRET=9fJk2LmN4pQr6StU","#,
            "9fJk2LmN4pQr6StU",
        ),
        (
            r#"    "SIGNING_KEY=Qm9vX2Jhcl9zaWduaW5n","#,
            "Qm9vX2Jhcl9zaWduaW5n",
        ),
        (r#"    "SALT=f8a9s7d6f5g4h3j2","#, "f8a9s7d6f5g4h3j2"),
        (
            r#"    "ENCRYPTION_KEY=3kd9s0fj2lq8w7e6r5t4","#,
            "3kd9s0fj2lq8w7e6r5t4",
        ),
        (
            r#"    "SESSION_KEY=kd8s7f6g5h4j3k2l1","#,
            "kd8s7f6g5h4j3k2l1",
        ),
        (
            r#"    "COOKIE_SECRET=cookiemonster99x","#,
            "cookiemonster99x",
        ),
        (r#"    "JWT_SECRET=jw7s3cr3tv4lu3","#, "jw7s3cr3tv4lu3"),
        (r#"    "DB_PWD=pWd8x7c6v5","#, "pWd8x7c6v5"),
        // `env` and `printenv` with lower-case names.
        ("db_password=Xk9mQ2vLp7wRt\nHOME=/root", "Xk9mQ2vLp7wRt"),
        ("smtp_passwd=Zq8rT5uYw", "Zq8rT5uYw"),
        ("session_key=kd8s7f6g5h4j3k2l1", "kd8s7f6g5h4j3k2l1"),
        // Webhooks with their token in the path.
        (
            "SLACK_WEBHOOK_URL=https://hooks.slack.com/services/T0123ABCD/B0456EFGH/abcdEFGHijklMNOPqrstUVWX",
            "abcdEFGHijklMNOPqrstUVWX",
        ),
        (
            "webhook: https://hooks.slack.com/services/T0123ABCD/B0456EFGH/abcdEFGHijklMNOPqrstUVWX",
            "abcdEFGHijklMNOPqrstUVWX",
        ),
        (
            "url: https://discord.com/api/webhooks/123456789012345678/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcdefghijklmnop",
            "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcdefghijklmnop",
        ),
        // `.netrc` lines read through another tool.
        (
            "machine api.example.com login bob password S3cr3tPw!",
            "S3cr3tPw!",
        ),
        (
            "/root/.netrc:machine h login u password p4ssw0rdXyz",
            "p4ssw0rdXyz",
        ),
        // `curl -v`'s request headers.
        (
            "> Authorization: Basic Ym9iOnMzY3IzdHBhc3M=",
            "Ym9iOnMzY3IzdHBhc3M=",
        ),
        (
            "> authorization: bearer abcDEF123ghiJKL456mnoPQR789",
            "abcDEF123ghiJKL456mnoPQR789",
        ),
        (
            "> proxy-authorization: Basic Ym9iOnMzY3IzdHBhc3M=",
            "Ym9iOnMzY3IzdHBhc3M=",
        ),
        (
            r#"> Authorization: Digest username="bob", realm="x", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", response="6629fae49393a05397450978507c4ef1""#,
            "6629fae49393a05397450978507c4ef1",
        ),
        (
            "> Authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024",
            "fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024",
        ),
        ("> cookie: sessionid=s3ss10nv4lu3abc", "s3ss10nv4lu3abc"),
        (
            "> PRIVATE-TOKEN: glpat-AbCdEfGhIjKlMnOpQrSt",
            "glpat-AbCdEfGhIjKlMnOpQrSt",
        ),
        // Presigned and signed URLs, tokens in query parameters and fragments.
        (
            "https://b.s3.amazonaws.com/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404",
            "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404",
        ),
        (
            "https://b.s3.amazonaws.com/k?X-Amz-Security-Token=FwoGZXIvYXdzEExampleSessionToken&X-Amz-Signature=abc123",
            "FwoGZXIvYXdzEExampleSessionToken",
        ),
        (
            "https://acct.blob.core.windows.net/c/f.txt?sv=2020-08-04&sp=r&sig=aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789%2BabcdE%3D",
            "aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789",
        ),
        (
            "https://storage.googleapis.com/b/o?X-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Signature=0123456789abcdef0123456789abcdef",
            "0123456789abcdef0123456789abcdef",
        ),
        (
            "https://d1.cloudfront.net/i.jpg?Expires=1767225600&Signature=AbCdEfGhIjKlMnOp~QrStUvWxYz0123456789__&Key-Pair-Id=K2JCJMDEHXQW5F",
            "AbCdEfGhIjKlMnOp~QrStUvWxYz0123456789__",
        ),
        (
            "GET https://api.example.com/v1?token=a8Fk29dLq0pWm3nX&page=2",
            "a8Fk29dLq0pWm3nX",
        ),
        (
            "https://api.example.com/v1?access_token=a8Fk29dLq0pWm3nXz7",
            "a8Fk29dLq0pWm3nXz7",
        ),
        (
            "https://api.example.com/v1?api_key=a8Fk29dLq0pWm3nXz7",
            "a8Fk29dLq0pWm3nXz7",
        ),
        (
            "https://x.example.com/cb#access_token=a8Fk29dLq0pWm3nXz7&token_type=bearer",
            "a8Fk29dLq0pWm3nXz7",
        ),
        // Git remotes with tokens.
        (
            "origin\thttps://oauth2:glpat-AbCdEfGhIjKlMnOpQrSt@gitlab.com/g/p.git (fetch)",
            "glpat-AbCdEfGhIjKlMnOpQrSt",
        ),
        (
            "origin\thttps://glpat-AbCdEfGhIjKlMnOpQrSt@gitlab.com/g/p.git (fetch)",
            "glpat-AbCdEfGhIjKlMnOpQrSt",
        ),
        (
            "origin\thttps://gitlab-ci-token:AbCdEfGhIjKlMnOpQrSt@gitlab.example.com/g/p.git (push)",
            "AbCdEfGhIjKlMnOpQrSt",
        ),
        // Age secret keys, classic and post-quantum.
        (
            "# public key: age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p\nAGE-SECRET-KEY-1QQPZ4RP4L8N8X5V4Y2K3D7J0W6T9M2E5R8H4C6F3A1S7D9G2K4LQZXCV7B",
            "QQPZ4RP4L8N8X5V4Y2K3D7J0W6T9M2E5R8H4C6F3A1S7D9G2K4LQZXCV7B",
        ),
        (
            "AGE-SECRET-KEY-PQ-1QQPZ4RP4L8N8X5V4Y2K3D7J0W6T9M2E5R8H4C6F3A1S7D9G2K4LQZXCV7BQQPZ4RP4L8N8X5V4",
            "QQPZ4RP4L8N8X5V4Y2K3D7J0W6T9M2E5R8H4C6F3A1S7D9G2K4LQZXCV7B",
        ),
        (
            "age-secret-key-1qqpz4rp4l8n8x5v4y2k3d7j0w6t9m2e5r8h4c6f3a1s7d9g2k4lqzxcv7b",
            "qqpz4rp4l8n8x5v4y2k3d7j0w6t9m2e5r8h4c6f3a1s7d9g2k4lqzxcv7b",
        ),
        // WireGuard.
        (
            "[Interface]\nPrivateKey = yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=",
            "yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=",
        ),
        (
            "[Peer]\nPresharedKey = /UwcSPg38hW/D9Y3tcS1FOV0K1wuURMbS0sesJEP5ak=",
            "/UwcSPg38hW/D9Y3tcS1FOV0K1wuURMbS0sesJEP5ak=",
        ),
        // Kubeconfig, Docker's, npm's and pip's credentials.
        (
            "    client-key-data: LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQ==",
            "LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQ==",
        ),
        (
            "  user:\n    token: eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJrIn0.c2lnbmF0dXJl",
            "eyJpc3MiOiJrIn0",
        ),
        (
            "        client-secret: cl13ntS3cr3tv4lu3",
            "cl13ntS3cr3tv4lu3",
        ),
        (
            r#"{"auths": {"r.io": {"auth": "Ym9iOnMzY3IzdHBhc3N3b3Jk"}}}"#,
            "Ym9iOnMzY3IzdHBhc3N3b3Jk",
        ),
        (
            r#"{"auths": {"r.io": {"identitytoken": "id3nt1tyt0k3nv4lu3abc"}}}"#,
            "id3nt1tyt0k3nv4lu3abc",
        ),
        (
            "//registry.npmjs.org/:_authToken=npm_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789",
            "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789",
        ),
        (
            "//npm.example.com/:_authToken=3f1c2b7a-9d4e-4c8a-b1f2-0e9d8c7b6a5f",
            "3f1c2b7a-9d4e-4c8a-b1f2-0e9d8c7b6a5f",
        ),
        (
            "//registry.example.com/:_password=cDRzc3cwcmQ=",
            "cDRzc3cwcmQ=",
        ),
        (
            "[global]\nindex-url = https://bob:S3cr3tPip@pypi.example.com/simple",
            "S3cr3tPip",
        ),
        // Vault.
        (
            "Unseal Key 1: MmVjMmQzZmYtODk2NS00NTM3LWI5MjQtOGVhNmE0MWI2Yzk3",
            "MmVjMmQzZmYtODk2NS00NTM3LWI5MjQtOGVhNmE0MWI2Yzk3",
        ),
        (
            "Initial Root Token: hvs.AbCdEfGhIjKlMnOpQrStUvWx",
            "AbCdEfGhIjKlMnOpQrStUvWx",
        ),
        (
            "token             s.8Nt5mQ2rVwXyZaBcDeFgHiJk",
            "8Nt5mQ2rVwXyZaBcDeFgHiJk",
        ),
        // Vendors' tokens, bare.
        (
            "rk_live_51HabcdEFGHijklMNOPqrstUVwxyz0123456789",
            "51HabcdEFGHijklMNOPqrstUVwxyz0123456789",
        ),
        (
            "twilio SK0123456789abcdef0123456789abcdef",
            "0123456789abcdef0123456789abcdef",
        ),
        (
            "SG.abcdefghijklmnopqrstuv.ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefg",
            "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefg",
        ),
        (
            "mailgun key-0123456789abcdef0123456789abcdef",
            "0123456789abcdef0123456789abcdef",
        ),
        (
            "DD_API_KEY=0123456789abcdef0123456789abcdef",
            "0123456789abcdef0123456789abcdef",
        ),
        (
            "NRAK-ABCDEFGHIJKLMNOPQRSTUVWXYZ1",
            "ABCDEFGHIJKLMNOPQRSTUVWXYZ1",
        ),
        (
            "NRAA-0123456789abcdef0123456789a",
            "0123456789abcdef0123456789a",
        ),
        (
            "NRRA-0123456789abcdef0123456789abcdef0123456789a",
            "0123456789abcdef0123456789abcdef",
        ),
        (
            "NRIQ-AbCdEfGhIjKlMnOpQrStUvWxYz012345",
            "AbCdEfGhIjKlMnOpQrStUvWxYz012345",
        ),
        (
            "license 0123456789abcdef0123456789abcdef0123NRAL",
            "0123456789abcdef0123456789abcdef0123NRAL",
        ),
        (
            "glsa_AbCdEfGhIjKlMnOpQrStUvWxYz012345_0a1b2c3d",
            "AbCdEfGhIjKlMnOpQrStUvWxYz012345",
        ),
        (
            "dp.st.dev.AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcd",
            "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcd",
        ),
        (
            "pul-0123456789abcdef0123456789abcdef01234567",
            "0123456789abcdef0123456789abcdef01234567",
        ),
        (
            "shpat_0123456789abcdef0123456789abcdef",
            "0123456789abcdef0123456789abcdef",
        ),
        (
            "lin_api_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcd",
            "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcd",
        ),
        (
            "sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789AbCdEfGhIjKlMnOp",
            "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789",
        ),
        (
            "sk-ant-api03-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789AbCdEfGhIjKlMnOp-AbCdEfAA",
            "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789",
        ),
        (
            "hf_AbCdEfGhIjKlMnOpQrStUvWxYz01234567",
            "AbCdEfGhIjKlMnOpQrStUvWxYz01234567",
        ),
        (
            "dapi0123456789abcdef0123456789abcdef-2",
            "0123456789abcdef0123456789abcdef",
        ),
        (
            "sbp_0123456789abcdef0123456789abcdef01234567",
            "0123456789abcdef0123456789abcdef01234567",
        ),
    ];
    assert_eq!(leaked(cases), Vec::<String>::new());
}

#[test]
fn key_blocks_of_every_form_are_hidden() {
    let cases: &[(&str, &str)] = &[
        // OpenSSH inside a YAML block, indented.
        (
            "config: |\n  -----BEGIN OPENSSH PRIVATE KEY-----\n  b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n  QyNTUxOQAAACDexamplekeymaterialexample\n  -----END OPENSSH PRIVATE KEY-----",
            "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ",
        ),
        // PKCS#8 inside a JSON string.
        (
            r#"{"private_key": "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj\n-----END PRIVATE KEY-----\n"}"#,
            "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj",
        ),
        // Encrypted PEM, both forms.
        (
            "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIFHDBOBgkqhkiG9w0BBQ0wQTApBgkqhkiG9w0BBQwwHAQIexampleexample\n-----END ENCRYPTED PRIVATE KEY-----",
            "MIIFHDBOBgkqhkiG9w0BBQ0wQTApBgkqhkiG9w0BBQwwHAQIexampleexample",
        ),
        (
            "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,1234567890ABCDEF\n\naGVsbG8gd29ybGQgdGhpcyBpcyBhIHRlc3QgZXhhbXBsZSBrZXk=\n-----END RSA PRIVATE KEY-----",
            "aGVsbG8gd29ybGQgdGhpcyBpcyBhIHRlc3QgZXhhbXBsZSBrZXk=",
        ),
        // A key cut short by `head`.
        (
            "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gunVTLw7onLRnrq0\n",
            "MIIEpAIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gunVTLw7onLRnrq0",
        ),
        // PuTTY's format.
        (
            "PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nPublic-Lines: 1\nAAAAC3NzaC1lZDI1NTE5AAAAIExample\nPrivate-Lines: 1\nAAAAIExamplePrivateExamplePrivateExamplePrivate\nPrivate-MAC: 0123",
            "AAAAIExamplePrivateExamplePrivateExamplePrivate",
        ),
        // PGP.
        (
            "-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nlQOYBGExampleBCADExampleExampleExampleExample\n=abcd\n-----END PGP PRIVATE KEY BLOCK-----",
            "lQOYBGExampleBCADExampleExampleExampleExample",
        ),
    ];
    assert_eq!(leaked(cases), Vec::<String>::new());
}

#[test]
fn every_value_of_a_secret_goes_but_its_ca_and_namespace_stay() {
    let yaml = format!(
        "apiVersion: v1\ndata:\n  ca.crt: {CA_CRT}\n  namespace: ZGVmYXVsdA==\n  token: ZXlKaGJHY2lPaUpTVXpJMU5pSjku\n  username: YWRtaW4=\nkind: Secret\ntype: kubernetes.io/service-account-token"
    );
    assert_eq!(
        redact_text(&yaml),
        format!(
            "apiVersion: v1\ndata:\n  ca.crt: {CA_CRT}\n  namespace: ZGVmYXVsdA==\n  token: {REDACTED}\n  username: {REDACTED}\nkind: Secret\ntype: kubernetes.io/service-account-token"
        )
    );
    // A certificate bundled with its key is no public certificate; a namespace must be one.
    let json = format!(
        "{{\n    \"data\": {{\n        \"ca.crt\": \"{CA_CRT}\",\n        \"tls.crt\": \"{CERT_AND_KEY}\",\n        \"namespace\": \"aHVudGVyMiE=\"\n    }},\n    \"kind\": \"Secret\",\n    \"type\": \"kubernetes.io/tls\"\n}}"
    );
    assert_eq!(
        redact_text(&json),
        format!(
            "{{\n    \"data\": {{\n        \"ca.crt\": \"{CA_CRT}\",\n        \"tls.crt\": \"{REDACTED}\",\n        \"namespace\": \"{REDACTED}\"\n    }},\n    \"kind\": \"Secret\",\n    \"type\": \"kubernetes.io/tls\"\n}}"
        )
    );
    // The same through the structured redaction.
    let secret = json!({
        "kind": "Secret",
        "data": {"ca.crt": CA_CRT, "namespace": "ZGVmYXVsdA==", "tls.crt": CERT_AND_KEY, "password": "cDRzcw=="}
    });
    assert_eq!(
        redact(&secret),
        json!({
            "kind": "Secret",
            "data": {"ca.crt": CA_CRT, "namespace": "ZGVmYXVsdA==", "tls.crt": REDACTED, "password": REDACTED}
        })
    );
}

#[test]
fn terraform_marks_of_sensitive_attributes_are_obeyed() {
    let cases = [
        // A state file: `random_password`'s result under a name no list knows.
        (
            r#"{"attributes": {"bcrypt_hash": "$2a$10$abcdefghijklmnopqrstuv", "id": "none", "length": 16, "result": "R4nd0mP4ssw0rd"}, "sensitive_attributes": [[{"type": "get_attr", "value": "result"}], [{"type": "get_attr", "value": "bcrypt_hash"}]]}"#,
            r#"{"attributes": {"bcrypt_hash": "[redacted]", "id": "none", "length": 16, "result": "[redacted]"}, "sensitive_attributes": [[{"type": "get_attr", "value": "result"}], [{"type": "get_attr", "value": "bcrypt_hash"}]]}"#,
        ),
        // Pretty-printed, members in the other order.
        (
            "\"attributes\": {\n  \"id\": \"none\",\n  \"result\": \"R4nd0mP4ssw0rd\"\n},\n\"sensitive_attributes\": [\n  [\n    {\n      \"value\": \"result\",\n      \"type\": \"get_attr\"\n    }\n  ]\n]",
            "\"attributes\": {\n  \"id\": \"none\",\n  \"result\": \"[redacted]\"\n},\n\"sensitive_attributes\": [\n  [\n    {\n      \"value\": \"result\",\n      \"type\": \"get_attr\"\n    }\n  ]\n]",
        ),
        // `terraform show -json`.
        (
            r#"{"values": {"id": "none", "result": "Sh0wJs0nR3sult"}, "sensitive_values": {"result": true, "keepers": {}}}"#,
            r#"{"values": {"id": "none", "result": "[redacted]"}, "sensitive_values": {"result": true, "keepers": {}}}"#,
        ),
        // Outputs marked sensitive, and secret-named attributes without marks.
        (
            r#"{"db_password": {"sensitive": true, "type": "string", "value": "0utputS3cr3t"}, "endpoint": {"value": "db.example.com"}}"#,
            r#"{"db_password": {"sensitive": true, "type": "string", "value": "[redacted]"}, "endpoint": {"value": "db.example.com"}}"#,
        ),
    ];
    assert_eq!(wrong_redactions(&cases), Vec::<String>::new());
    let state = json!({
        "attributes": {"id": "none", "length": 16, "result": "R4nd0m", "password": "Pw1234567"},
        "sensitive_attributes": [[{"type": "get_attr", "value": "result"}]]
    });
    assert_eq!(
        redact(&state),
        json!({
            "attributes": {"id": "none", "length": 16, "result": REDACTED, "password": REDACTED},
            "sensitive_attributes": [[{"type": "get_attr", "value": "result"}]]
        })
    );
    let shown =
        json!({"values": {"id": "x", "result": "R4nd0m"}, "sensitive_values": {"result": true}});
    assert_eq!(
        redact(&shown),
        json!({"values": {"id": "x", "result": REDACTED}, "sensitive_values": {"result": true}})
    );
}

#[test]
fn public_material_and_ordinary_output_stay() {
    let ca_secret =
        format!("data:\n  ca.crt: {CA_CRT}\n  namespace: a3ViZS1zeXN0ZW0=\nkind: Secret");
    let texts = [
        "commit 3f1c2b7a9d4e4c8ab1f20e9d8c7b6a5f01234567\nAuthor: bob",
        "3f1c2b7a9d4e4c8ab1f20e9d8c7b6a5f01234567 refs/heads/main",
        "nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        "Digest: sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        r#""Id": "3f1c2b7a9d4e4c8ab1f20e9d8c7b6a5f3f1c2b7a9d4e4c8ab1f20e9d8c7b6a5f","#,
        r#""EndpointID": "3f1c2b7a9d4e4c8ab1f20e9d8c7b6a5f3f1c2b7a9d4e4c8ab1f20e9d8c7b6a5f","#,
        "CONTAINER ID   IMAGE     COMMAND\n3f1c2b7a9d4e   nginx     \"nginx -g\"",
        "uid: 3f1c2b7a-9d4e-4c8a-b1f2-0e9d8c7b6a5f",
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  file.tar.gz",
        "d41d8cd98f00b204e9800998ecf8427e  empty.txt",
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl bob@host",
        "github.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl",
        "|1|JfKTdBh7rNbXkVAQCRp4OQoPfmI=|USECr3SWf1JUPsms5AqfD5QfxkM= ssh-rsa AAAAB3NzaC1yc2EAAAABIwAAAQEA",
        "256 SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s bob@host (ED25519)",
        "-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+gAwIBAgIEAgAAuTANBgkqhkiG9w0BAQUFADBaMQswCQYDVQQGEwJJ\n-----END CERTIFICATE-----",
        "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu1SU1LfVLPHCozMxH2Mo\n-----END PUBLIC KEY-----",
        "    certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUM1ekNDQWMrZ0F3SUJB\n    server: https://10.0.0.1:6443",
        "    client-certificate-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUM=",
        "# public key: age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p",
        "[Peer]\nPublicKey = xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=",
        "origin\tgit@github.com:org/repo.git (fetch)",
        "golang.org/x/net v0.17.0 h1:pVaXccu2ozPjCXewfr1S7xza/zcXTity9cCdXQYSjIM=",
        // How long a token or a password lives is no secret.
        "token_duration       768h\ntoken_renewable      true\ntoken_policies       [\"default\"]",
        "password_expiry_days: 90\npassword_min_length: 12",
        "SESSION_TIMEOUT_MINUTES=30",
        "TOKEN_LIFETIME_SECONDS=3600",
        ca_secret.as_str(),
    ];
    assert_eq!(changed(&texts), Vec::<String>::new());
}

#[test]
fn credential_files_of_these_kinds_are_refused() {
    let secret = [
        "/root/.netrc",
        "/home/u/_netrc",
        "/home/u/.docker/config.json",
        "/home/u/.config/containers/auth.json",
        "/run/user/1000/containers/auth.json",
        "/home/u/.kube/config",
        "/home/u/.kube/kubeconfig-prod.yaml",
        "/etc/kubernetes/admin.conf",
        "/etc/rancher/k3s/k3s.yaml",
        "/home/u/.npmrc",
        "/home/u/.yarnrc.yml",
        "/home/u/.pypirc",
        "/home/u/.config/pip/pip.conf",
        "/etc/pip.conf",
        "/srv/infra/terraform.tfstate",
        "/srv/infra/terraform.tfstate.backup",
        "/srv/infra/secrets.auto.tfvars",
        "/home/u/.terraform.d/credentials.tfrc.json",
        "/etc/wireguard/wg0.conf",
        "/etc/wireguard/privatekey",
        "/home/u/.config/sops/age/keys.txt",
        "/home/u/.vault-token",
        "/home/u/.ssh/id_ed25519",
        "/home/u/deploy.ppk",
        "/home/u/.gnupg/private-keys-v1.d/ABC.key",
        "/home/u/.git-credentials",
        "/home/u/.config/gh/hosts.yml",
        "/home/u/.pulumi/credentials.json",
        "/home/u/.databrickscfg",
        "/home/u/.cache/huggingface/token",
        "/home/u/.config/doppler/.doppler.yaml",
        // A tool's directory spelt as the home directory's dotted one, not under `~/.config`.
        "/home/u/.age/keys.txt",
        "/home/u/.stripe/config.toml",
        "/home/u/.hcloud/cli.toml",
        "/home/u/.scw/config.yaml",
        "/home/u/.sops/age/keys.txt",
    ];
    assert_eq!(missed_paths(&secret, true), Vec::<String>::new());
    let open = [
        "/home/u/.ssh/known_hosts",
        "/home/u/.ssh/id_ed25519.pub",
        "/etc/ssl/certs/ca-certificates.crt",
        "/app/README.md",
        "/etc/wireguard/publickey",
        "/home/u/public.asc",
        "/etc/ssh/ssh_host_rsa_key.pub",
        "/home/u/.age/recipients.txt",
    ];
    assert_eq!(missed_paths(&open, false), Vec::<String>::new());
}

#[test]
fn only_the_secrets_of_a_list_or_a_stream_lose_their_data() {
    let cases = [
        // `kubectl get cm,secret -o yaml`: a List of both kinds.
        (
            "items:\n- apiVersion: v1\n  data:\n    weird-key: d2VpcmR2YWx1ZTEyMw==\n  kind: Secret\n  metadata:\n    name: a\n- apiVersion: v1\n  data:\n    app.conf: listen 80\n  kind: ConfigMap",
            "items:\n- apiVersion: v1\n  data:\n    weird-key: [redacted]\n  kind: Secret\n  metadata:\n    name: a\n- apiVersion: v1\n  data:\n    app.conf: listen 80\n  kind: ConfigMap",
        ),
        // A stream of documents (`helm template`, `kubectl get -o yaml` of several names).
        (
            "apiVersion: v1\ndata:\n  app.conf: listen 80\nkind: ConfigMap\n---\napiVersion: v1\ndata:\n  weird: d2VpcmR2YWx1ZTEyMw==\nkind: Secret\n---\ndata:\n  plain: value\nkind: ConfigMap",
            "apiVersion: v1\ndata:\n  app.conf: listen 80\nkind: ConfigMap\n---\napiVersion: v1\ndata:\n  weird: [redacted]\nkind: Secret\n---\ndata:\n  plain: value\nkind: ConfigMap",
        ),
        // The same List as JSON.
        (
            "{\n    \"items\": [\n        {\n            \"data\": {\n                \"app.conf\": \"listen 80\"\n            },\n            \"kind\": \"ConfigMap\"\n        },\n        {\n            \"data\": {\n                \"weird\": \"d2VpcmR2YWx1ZTEyMw==\"\n            },\n            \"kind\": \"Secret\",\n            \"type\": \"Opaque\"\n        }\n    ],\n    \"kind\": \"List\"\n}",
            "{\n    \"items\": [\n        {\n            \"data\": {\n                \"app.conf\": \"listen 80\"\n            },\n            \"kind\": \"ConfigMap\"\n        },\n        {\n            \"data\": {\n                \"weird\": \"[redacted]\"\n            },\n            \"kind\": \"Secret\",\n            \"type\": \"Opaque\"\n        }\n    ],\n    \"kind\": \"List\"\n}",
        ),
        // `kubectl describe pod`: where a variable comes from is no secret; a value is.
        (
            "    Environment:\n      DB_PASSWORD:  Xk9mQ2vLp7wRt\n      API_KEY:      <set to the key 'api-key' in secret 'x'>  Optional: false",
            "    Environment:\n      DB_PASSWORD:  [redacted]\n      API_KEY:      <set to the key 'api-key' in secret 'x'>  Optional: false",
        ),
    ];
    assert_eq!(wrong_redactions(&cases), Vec::<String>::new());
}

#[test]
fn age_keys_of_every_spelling_are_key_material() {
    for text in [
        "# created: 2026\nAGE-SECRET-KEY-1QQPZ4RP4L8N8X5V4Y2K3D7J0W6T9M2E5R8H4C6F3A1S7D9G2K4LQZXCV7B\n",
        "AGE-SECRET-KEY-PQ-1QQPZ4RP4L8N8X5V4Y2K3D7J0W6T9M2E5R8H4C6F3A1S7D9G2K4LQZXCV7B\n",
        "age-secret-key-1qqpz4rp4l8n8x5v4y2k3d7j0w6t9m2e5r8h4c6f3a1s7d9g2k4lqzxcv7b\n",
    ] {
        assert!(sensitive_content(text).is_some(), "{text}");
    }
    // A recipients' list is public.
    assert_eq!(
        sensitive_content("age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p\n"),
        None
    );
}

#[test]
fn package_versions_under_token_named_packages_stay() {
    let texts = [
        r#"  "dependencies": {"jsonwebtoken": "^9.0.0", "passport-jwt": "~4.0.1", "node-token": ">=1.2.0", "x-token": "2.0.0-beta.1"}"#,
        "jsonwebtoken = \"9.0.0\"",
    ];
    assert_eq!(changed(&texts), Vec::<String>::new());
    // Two parts alone, an address, and a value merely starting like a range still go.
    let cases = [
        ("password: 10.0.0.1", "password: [redacted]"),
        ("token: 1.2", "token: [redacted]"),
        ("password: ^9.0.0abc", "password: [redacted]"),
        ("api_key = \"^S3cr3t\"", "api_key = \"[redacted]\""),
    ];
    assert_eq!(wrong_redactions(&cases), Vec::<String>::new());
}

/// `openssl x509 -text` prints a key's modulus, serial and signature as runs of hex bytes
/// joined by `:`, each line ending in `:`: public material, not `.pgpass` lines, whose
/// password ends the line without a bare `:`. `.pgpass` lines stay hidden, in every form
/// `cat` and `grep` print them.
#[test]
fn hex_byte_runs_stay_and_pgpass_lines_go() {
    let certificate = "        Serial Number:\n            04:a1:b2:c3:d4:e5:f6:07:18:29:3a:4b:5c:6d:7e:8f\n                Modulus:\n                    00:da:0e:e6:99:8d:ce:7f:12:34:56:78:9a:bc:de:\n                    f0:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:ee:\n                    ff:00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:\n                    3b\n            X509v3 Subject Key Identifier: \n                8D:1A:2B:3C:4D:5E:6F:70:81:92:A3:B4:C5:D6:E7:F8:09:1A:2B:3C\n    Signature Value:\n        5a:6b:7c:8d:9e:af:b0:c1:d2:e3:f4:05:16:27:38:49:5a:6b:\n        7c:8d\n";
    assert_eq!(redact_text(certificate), certificate);
    let fingerprint = "SHA256 Fingerprint=3B:12:34:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23";
    assert_eq!(redact_text(fingerprint), fingerprint);
    assert_eq!(
        leaked(&[
            ("db.example.com:5432:prod:app:PgPassW0rdZZ", "PgPassW0rdZZ"),
            ("  db:5432:app:app:S3cretPw", "S3cretPw"),
            ("/srv/app/.pgpass:db:5432:app:app:S3cretPw", "S3cretPw"),
            ("/srv/app/.pgpass:3:db:5432:app:app:S3cretPw", "S3cretPw"),
            ("creds.txt:db:5432:app:app:S3cretPw", "S3cretPw"),
            ("creds.txt:7:*:*:*:app:S3cretPw", "S3cretPw"),
            (r"db:5432:app:app:pa\:ss\\word", r"ss\\word"),
        ]),
        Vec::<String>::new()
    );
}
