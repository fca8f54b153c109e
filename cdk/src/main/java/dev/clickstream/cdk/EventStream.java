package dev.clickstream.cdk;

import dev.clickstream.collector.config.CollectorKeys;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.kinesis.Stream;
import software.amazon.awscdk.services.kinesis.StreamEncryption;
import software.amazon.awscdk.services.kinesis.StreamMode;
import software.amazon.awscdk.services.kms.Key;
import software.constructs.Construct;

import java.util.List;

/**
 * The Kinesis data stream between the collector and Redshift: on-demand by default, encrypted with its own key,
 * kept long enough to replay an ingestion outage. Grants are spelled out action by action, never the CDK's broad
 * {@code grantWrite}/{@code grantRead}.
 */
public final class EventStream extends Construct {
    /**
     * The stream's name is fixed: the collector's kinesis.stream default, which the streaming materialized view names
     * too ({@code kds."clickstream-events"} in redshift-sql/setup/redshift/02_streaming_mv.sql; StackTemplateTest
     * checks the SQL against this).
     */
    public static final String NAME = CollectorKeys.KINESIS_STREAM.defaultValue();

    /** What a producer needs to put records: nothing to read, list or manage the stream. */
    static final List<String> WRITE_ACTIONS = List.of("kinesis:DescribeStreamSummary", "kinesis:PutRecords");
    /** What Redshift's streaming ingestion needs to read the stream. */
    static final List<String> READ_ACTIONS = List.of("kinesis:DescribeStream", "kinesis:DescribeStreamSummary",
            "kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:ListShards");

    private final Stream stream;
    private final Key key;

    public EventStream(Construct scope, String id, DeploySettings s) {
        super(scope, id);
        key = Key.Builder.create(this, "Key")
                .description("clickstream: encrypts the event stream")
                .enableKeyRotation(true)
                .removalPolicy(s.removalPolicy())
                .build();
        Stream.Builder b = Stream.Builder.create(this, "Stream")
                .streamName(NAME)
                .encryption(StreamEncryption.KMS)
                .encryptionKey(key)
                .retentionPeriod(Duration.hours(s.integer(Setting.STREAM_RETENTION_HOURS)))
                .removalPolicy(s.removalPolicy());
        if (s.onDemandStream()) {
            b.streamMode(StreamMode.ON_DEMAND);
        } else {
            b.streamMode(StreamMode.PROVISIONED).shardCount(s.integer(Setting.STREAM_SHARDS));
        }
        stream = b.build();
        Nag.acknowledge(stream, "AwsSolutions-KDS3", "A key of the stack's own: its key policy and CloudTrail show exactly "
                + "which roles write and read events (the collector and Redshift), and it costs USD 1 a month plus "
                + "requests that Kinesis caches; the AWS-managed aws/kinesis key would let any principal in the account "
                + "with stream access decrypt.");
    }

    public Stream stream() {
        return stream;
    }

    /** PutRecords (and the summary the collector's readiness check reads) on this stream; encryption with its key. */
    public void grantPut(IGrantable producer) {
        producer.getGrantPrincipal().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(WRITE_ACTIONS).resources(List.of(stream.getStreamArn())).build());
        producer.getGrantPrincipal().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("kms:GenerateDataKey")).resources(List.of(key.getKeyArn())).build());
    }

    /** Read actions on this stream and decryption with its key: what Redshift's streaming ingestion uses. */
    public void grantConsume(IGrantable consumer) {
        consumer.getGrantPrincipal().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(READ_ACTIONS).resources(List.of(stream.getStreamArn())).build());
        consumer.getGrantPrincipal().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("kms:Decrypt")).resources(List.of(key.getKeyArn())).build());
    }
}
