package io.callguard.numbers;

/**
 * Phone numbers are personal data: logs and views for people who do not need the whole number get it masked, e.g.
 * {@code +86138****0001}. Short service codes ({@code 110}) and prefixes are not personal and stay as they are.
 */
public final class Masked {

    private static final int SHOWN_TAIL = 4;
    private static final int HIDDEN = 4;

    private Masked() {}

    public static String number(String number) {
        if (number == null) {
            return null;
        }
        int n = number.length();
        if (n <= SHOWN_TAIL + HIDDEN + 1 || !number.startsWith("+")) {
            return number;
        }
        return number.substring(0, n - SHOWN_TAIL - HIDDEN) + "****" + number.substring(n - SHOWN_TAIL);
    }

    /** All but the last four digits hidden ({@code +*********0002}): another family member's number. */
    public static String lastFour(String number) {
        if (number == null || number.length() <= SHOWN_TAIL + 1) {
            return number;
        }
        int n = number.length();
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n - SHOWN_TAIL; i++) {
            b.append(number.charAt(i) == '+' ? '+' : '*');
        }
        return b.append(number, n - SHOWN_TAIL, n).toString();
    }

    /** A state key: a number is masked, a {@code prefix:…} key is not. */
    public static String key(String key) {
        return key == null || key.startsWith("prefix:") ? key : number(key);
    }
}
