package dev.clickstream.warehouse.runner;

/**
 * Where Data API statements run: a Serverless workgroup (temporary credentials from the caller's IAM identity), or a
 * provisioned cluster with a Secrets Manager secret or a database user. Exactly one of workgroup or cluster is set.
 */
public record DataApiTarget(String workgroup, String cluster, String database, String secretArn, String dbUser) {
    public DataApiTarget {
        boolean hasWorkgroup = workgroup != null && !workgroup.isEmpty();
        boolean hasCluster = cluster != null && !cluster.isEmpty();
        if (hasWorkgroup == hasCluster) throw new IllegalArgumentException("set exactly one of workgroup or cluster");
        if (database == null || database.isEmpty()) throw new IllegalArgumentException("database is required");
    }

    public static DataApiTarget serverless(String workgroup, String database) {
        return new DataApiTarget(workgroup, null, database, null, null);
    }
}
