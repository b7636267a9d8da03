package io.lading.spec.error;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** The error document of the distribution spec: {@code {"errors":[{"code":..,"message":..,"detail":..}]}}. */
public record ErrorBody(List<Entry> errors) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Entry(String code, String message, Object detail) {
    }

    public static ErrorBody of(ErrorCode code, String message, Object detail) {
        return new ErrorBody(List.of(new Entry(code.name(), message, detail)));
    }
}
