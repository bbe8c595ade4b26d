package io.callguard.numbers;

/**
 * E.164 numbers as primitive longs (the digits after the '+'), the key of the compact in-memory views: 8 bytes
 * instead of a String of about 56.
 */
public final class E164Keys {

    private E164Keys() {}

    /** The digits of {@code number} as a long, or -1 unless it is '+', a digit 1-9 and at most 14 more digits. */
    public static long of(String number) {
        int n = number == null ? 0 : number.length();
        if (n < 2 || n > 16 || number.charAt(0) != '+' || number.charAt(1) == '0') {
            return -1;
        }
        long key = 0;
        for (int i = 1; i < n; i++) {
            char c = number.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            key = key * 10 + (c - '0');
        }
        return key;
    }

    /** The number a key stands for. */
    public static String number(long key) {
        return "+" + key;
    }
}
