package io.lading.conformance;

import static io.lading.conformance.Http.get;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** end-1: determining support. */
class ApiVersionIT {

    @Test
    void end1_getV2Answers200() {
        // when
        var r = get("/v2/");
        // then: 200 means the registry implements the spec (after the token flow, when it has one)
        assertEquals(200, r.statusCode(), () -> new String(r.body()));
    }
}
