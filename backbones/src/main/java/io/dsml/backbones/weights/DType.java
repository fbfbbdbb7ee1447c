package io.dsml.backbones.weights;

import java.nio.ByteBuffer;

/** Element types a weights file may store, each read as float32 (integers exactly up to 2^24). */
enum DType {
    F32(4),
    F64(8),
    F16(2),
    BF16(2),
    I64(8),
    I32(4),
    I16(2),
    I8(1),
    U8(1),
    BOOL(1);

    private final int size;

    DType(int size) {
        this.size = size;
    }

    /** Bytes per element. */
    int size() {
        return size;
    }

    /** Element {@code index} of a little-endian buffer. */
    float read(ByteBuffer le, int index) {
        int at = index * size;
        return switch (this) {
            case F32 -> le.getFloat(at);
            case F64 -> (float) le.getDouble(at);
            case F16 -> halfToFloat(le.getShort(at));
            case BF16 -> Float.intBitsToFloat((le.getShort(at) & 0xffff) << 16);
            case I64 -> le.getLong(at);
            case I32 -> le.getInt(at);
            case I16 -> le.getShort(at);
            case I8 -> le.get(at);
            case U8, BOOL -> le.get(at) & 0xff;
        };
    }

    /** IEEE 754 binary16 to float (Java 17 has no Float.float16ToFloat). */
    static float halfToFloat(short half) {
        int bits = half & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1f;
        int mantissa = bits & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exponent != 0) {
            return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
        }
        float magnitude = mantissa * 0x1p-24f; // subnormal: mantissa x 2^-24
        return sign == 0 ? magnitude : -magnitude;
    }
}
