package dev.jstencil.ffm;

import dev.jstencil.codegen.Noise;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;

/**
 * A 128-bit hash of some byte strings, for naming cached libraries and checking that a library's
 * bytes are the ones compiled: two 64-bit multiply-rotate lanes over little-endian words, finished
 * with SplitMix64's mixer ({@link Noise#mix64}, the noise generator's). Not cryptographic (the cache
 * is the user's own directory), but its chance of an accidental collision is negligible. Why not
 * SHA-256: in a fresh JVM the first {@code MessageDigest.getInstance} costs 37-42 ms of
 * security-provider start-up (measured), most of what a cached kernel took to load; this costs
 * nothing to start.
 */
final class ContentHash {
    private long h1 = 0x243F6A8885A308D3L;
    private long h2 = 0x13198A2E03707344L;
    private long length;

    /** Adds one part; parts are delimited, so ("ab", "c") and ("a", "bc") differ. */
    ContentHash add(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        while (b.remaining() >= 8) {
            word(b.getLong());
        }
        long tail = 0;
        for (int shift = 0; b.hasRemaining(); shift += 8) {
            tail |= (b.get() & 0xFFL) << shift;
        }
        word(tail);
        word(bytes.length); // the delimiter
        length += bytes.length;
        return this;
    }

    private void word(long w) {
        h1 = Long.rotateLeft((h1 ^ w) * 0x9E3779B97F4A7C15L, 29);
        h2 = Long.rotateLeft((h2 + w) * 0xC2B2AE3D27D4EB4FL, 31) ^ h1;
    }

    /** 32 hex digits. */
    String hex() {
        long a = Noise.mix64(h1 ^ length), b = Noise.mix64(h2 + a);
        return HexFormat.of().toHexDigits(a) + HexFormat.of().toHexDigits(b);
    }

    static String of(byte[] bytes) {
        return new ContentHash().add(bytes).hex();
    }
}
