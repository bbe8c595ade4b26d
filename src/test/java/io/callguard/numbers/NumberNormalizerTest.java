package io.callguard.numbers;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class NumberNormalizerTest {

    private final NumberNormalizer cn = new NumberNormalizer("CN", 1000);

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        // national mobile
        "13800138000, +8613800138000",
        "17012345678, +8617012345678",
        // with country code, no plus; with international prefix 00
        "8613800138000, +8613800138000",
        "008613800138000, +8613800138000",
        // already E.164
        "+8613800138000, +8613800138000",
        // landline with trunk 0 (Wuhan, Beijing), with and without separators
        "02787654321, +862787654321",
        "010-6552 9988, +861065529988",
        "+86 10 6552 9988, +861065529988",
        // short service codes stay as dialled digits
        "110, 110",
        "96110, 96110",
        "95588, 95588",
        // foreign numbers
        "+14155552671, +14155552671",
        "+442079460958, +442079460958",
        "0014155552671, +14155552671",
    })
    void canonicalOrNull_validInput_isCanonical(String raw, String expected) {
        assertThat(cn.canonicalOrNull(raw)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "anonymous",
                "abc",
                "+",
                "++8613800138000",
                "1380013800",
                "138001380001",
                "+86138001380001234",
                "12",
                "0",
                "+0123456789",
                "13800138000x",
                "1380013800０",
                "99999999999999999999999999999999999999",
                "+999 1234 5678",
            })
    void canonicalOrNull_garbage_isNullNeverAnException(String raw) {
        assertThat(cn.canonicalOrNull(raw)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"13800138000", "8613912345678", "008618612345678", "+8617012345678"})
    void fastPath_agreesWithLibphonenumber(String raw) {
        // The fast path must never accept what libphonenumber would answer differently.
        String fast = cn.canonicalOrNull(raw);
        String viaSeparators = cn.canonicalOrNull(" " + raw);
        assertThat(fast).isNotNull().isEqualTo(viaSeparators);
    }

    @ParameterizedTest(name = "{0} has country code {1}")
    @CsvSource({"+8613800138000, 86", "+14155552671, 1", "+442079460958, 44", "+85291234567, 852", "110, 86"})
    void countryCodeOf_canonicalNumber_isItsCallingCode(String canonical, int expected) {
        assertThat(cn.countryCodeOf(canonical)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"110", "96110"})
    void isShortCode_digitsOnly_isTrue(String canonical) {
        assertThat(NumberNormalizer.isShortCode(canonical)).isTrue();
        assertThat(NumberNormalizer.isShortCode("+86" + canonical)).isFalse();
    }
}
