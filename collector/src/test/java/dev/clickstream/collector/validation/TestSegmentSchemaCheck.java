package dev.clickstream.collector.validation;

import dev.clickstream.collector.auth.Source;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Schema failures map to stable reason codes; valid messages pass. */
class TestSegmentSchemaCheck {
    static final SegmentSchemaCheck CHECK = new SegmentSchemaCheck();
    static final Source SOURCE = new Source("s", List.of("*"), false, null);
    static final JsonMapper JSON = JsonMapper.builder().build();

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "{'type':'track','event':'E','userId':'u'}|ok",
            "{'type':'track','event':'E','anonymousId':'a','userId':null}|ok",
            "{'type':'track','event':'E','userId':'','anonymousId':''}|missing_user_or_anonymous_id",
            "{'type':'track','event':'E','userId':'  '}|missing_user_or_anonymous_id",
            "{'type':'track','event':'E'}|missing_user_or_anonymous_id",
            "{'type':'track','userId':'u'}|missing_event",
            "{'type':'track','event':'','userId':'u'}|missing_event",
            "{'type':'track','event':5,'userId':'u'}|invalid_event",
            "{'type':'group','userId':'u'}|missing_group_id",
            "{'type':'alias','userId':'u'}|missing_previous_id",
            "{'type':'alias','previousId':'p','anonymousId':'a'}|missing_user_id",
            "{'type':'bogus','userId':'u'}|invalid_type",
            "{'userId':'u'}|missing_type",
            "{'type':'identify','userId':'u','traits':[]}|invalid_traits",
            "{'type':'page','userId':'u','properties':'x'}|invalid_properties",
            "{'type':'page','userId':'u','context':5}|invalid_context",
            "{'type':'screen','userId':'u','name':{}}|invalid_name",
            "{'type':'track','event':'E','userId':{'a':1}}|invalid_user_id",
    })
    void reasonCodes(String json, String expected) {
        ObjectNode msg = (ObjectNode) JSON.readTree(json.replace('\'', '"'));
        Rejection r = CHECK.check(msg, SOURCE, new Verdict());
        assertThat(r == null ? "ok" : r.code()).isEqualTo(expected);
    }
}
