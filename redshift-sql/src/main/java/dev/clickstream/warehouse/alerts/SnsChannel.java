package dev.clickstream.warehouse.alerts;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.SnsClientBuilder;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

import java.net.URI;
import java.util.Map;

/**
 * Publishes each notification to an SNS topic: the JSON payload as the message, the summary as the subject (e-mail
 * subscribers see it), and {@code alert}, {@code status} and {@code incident_id} as message attributes for
 * subscription filter policies. Credentials come from the SDK's default chain; the SDK retries throttling and
 * server errors itself.
 */
public final class SnsChannel implements AlertChannel {
    /** SNS subjects: ASCII, no control characters, under 100 characters. */
    private static final int SUBJECT_CHARS = 99;

    private final SnsClient sns;
    private final String topicArn;

    public SnsChannel(SnsClient sns, String topicArn) {
        this.sns = sns;
        this.topicArn = topicArn;
    }

    /** A client for the topic's region (empty: the SDK's region chain) and an optional endpoint override. */
    public static SnsChannel create(String topicArn, String region, String endpoint) {
        SnsClientBuilder b = SnsClient.builder().httpClientBuilder(ApacheHttpClient.builder());
        if (!region.isEmpty()) b.region(Region.of(region));
        if (!endpoint.isEmpty()) b.endpointOverride(URI.create(endpoint));
        return new SnsChannel(b.build(), topicArn);
    }

    @Override
    public String name() {
        return "sns";
    }

    @Override
    public void send(Notification n) throws DeliveryException {
        try {
            sns.publish(p -> p.topicArn(topicArn).subject(subject(n)).message(n.body()).messageAttributes(Map.of(
                    "alert", text(n.alert()), "status", text(n.status()), "incident_id", text(n.id()))));
        } catch (SdkException e) {
            throw new DeliveryException("sns: " + e.getMessage(), e);
        }
    }

    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }

    static String subject(Notification n) {
        String s = ("[" + n.status() + "] " + n.summary()).replaceAll("[^\\x20-\\x7E]", "?");
        return s.length() > SUBJECT_CHARS ? s.substring(0, SUBJECT_CHARS - 1) + "~" : s;
    }

    @Override
    public void close() {
        sns.close();
    }
}
