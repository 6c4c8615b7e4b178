// A Java truststore (JKS) made from a PEM bundle, in-process: the JVM does not read PEM bundles,
// and a keytool run per certificate inside the build would cost a minute. JKS is old but every JDK
// reads it: magic, version 2, trusted-certificate entries, then a SHA-1 keyed by the password.
import { createHash } from 'node:crypto';

/** Password of the generated store (it holds only public certificates). */
export const TRUSTSTORE_PASSWORD = 'changeit';

/** DER certificates of a PEM bundle, in order. */
export function pemCertificates(pem: string): Buffer[] {
  const out: Buffer[] = [];
  const re = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g;
  for (let m = re.exec(pem); m; m = re.exec(pem)) out.push(Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64'));
  return out;
}

/** The JKS bytes trusting every certificate of `pem`. */
export function javaTruststore(pem: string, password = TRUSTSTORE_PASSWORD, now = 0): Buffer {
  const certs = pemCertificates(pem);
  const parts: Buffer[] = [int32(0xfeedfeed), int32(2), int32(certs.length)];
  certs.forEach((der, i) => {
    parts.push(int32(2), utf(`tekton-ca-${i}`), int64(now), utf('X.509'), int32(der.length), der);
  });
  const body = Buffer.concat(parts);
  const pw = Buffer.alloc(password.length * 2);
  for (let i = 0; i < password.length; i++) pw.writeUInt16BE(password.charCodeAt(i), i * 2);
  const digest = createHash('sha1').update(pw).update('Mighty Aphrodite', 'utf8').update(body).digest();
  return Buffer.concat([body, digest]);
}

function int32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
}

function int64(n: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigInt64BE(BigInt(n));
  return b;
}

function utf(s: string): Buffer {
  const text = Buffer.from(s, 'utf8');
  return Buffer.concat([Buffer.from([text.length >> 8, text.length & 0xff]), text]);
}
