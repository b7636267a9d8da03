package io.lading.registry.http;

import static org.junit.jupiter.api.Assertions.*;

import io.lading.registry.failure.RegistryFailure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ByteRangeTest {

    @Test
    void firstToLast() {
        assertEquals(new ByteRange(10, 19), ByteRange.parse("bytes=10-19", 100));
        assertEquals("bytes 10-19/100", ByteRange.parse("bytes=10-19", 100).contentRange(100));
    }

    @Test
    void openEndedAndPastTheEndAreCutToTheBlob() {
        assertEquals(new ByteRange(90, 99), ByteRange.parse("bytes=90-", 100));
        assertEquals(new ByteRange(90, 99), ByteRange.parse("bytes=90-5000", 100));
    }

    @Test
    void suffixRangeCountsFromTheEnd() {
        assertEquals(new ByteRange(95, 99), ByteRange.parse("bytes=-5", 100));
        assertEquals(new ByteRange(0, 99), ByteRange.parse("bytes=-500", 100));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bytes=100-", "bytes=100-200", "bytes=20-10", "bytes=-0", "bytes=-", "items=0-1",
            "bytes=0-1,5-6", "bytes=a-b", "garbage", "bytes=99999999999999999999-"})
    void unsatisfiableOrMalformedRangesAreRefused(String header) {
        var e = assertThrows(RegistryFailure.RangeNotSatisfiable.class, () -> ByteRange.parse(header, 100));
        assertEquals(100, e.size());
    }
}
