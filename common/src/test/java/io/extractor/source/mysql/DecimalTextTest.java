package io.extractor.source.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.extractor.types.ValueConversionException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** MySQL's DECIMAL text to the unscaled integer Parquet stores. */
class DecimalTextTest {

    @Test
    void unscaledLongsPadMissingFractionDigitsAndKeepTheSign() {
        assertThat(DecimalText.unscaledLong(ascii("-12345.67"), 2)).isEqualTo(-1234567);
        assertThat(DecimalText.unscaledLong(ascii("12.5"), 3)).isEqualTo(12500);
        assertThat(DecimalText.unscaledLong(ascii("0"), 2)).isZero();
        assertThat(DecimalText.unscaledLong(ascii("999999999999999999"), 0)).isEqualTo(999_999_999_999_999_999L);
    }

    @Test
    void textThatIsNotADecimalOrHasTooManyFractionDigitsFails() {
        assertThatThrownBy(() -> DecimalText.unscaledLong(ascii("1e5"), 0)).isInstanceOf(ValueConversionException.class);
        assertThatThrownBy(() -> DecimalText.unscaledLong(ascii("1.234"), 2)).isInstanceOf(ValueConversionException.class);
    }

    @Test
    void unscaledBytesAreBigEndianTwosComplementOfTheGivenWidth() {
        byte[] bytes = DecimalText.unscaledBytes(ascii("-1234567890123456789012345678.0123456789"), 10, 16);

        assertThat(bytes).hasSize(16);
        assertThat(new BigDecimal(new BigInteger(bytes), 10)).isEqualTo(new BigDecimal("-1234567890123456789012345678.0123456789"));
    }

    @Test
    void widthsAreTheFewestBytesThatHoldThePrecision() {
        assertThat(DecimalText.bytesFor(9)).isEqualTo(4);
        assertThat(DecimalText.bytesFor(18)).isEqualTo(8);
        assertThat(DecimalText.bytesFor(19)).isEqualTo(9);
        assertThat(DecimalText.bytesFor(38)).isEqualTo(16);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
