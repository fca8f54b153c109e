// Analytics-CSharp pointed at a clickstream collector: one of each call, then flush.  NOT RUN BY THE BUILD (see README).
// Run it: COLLECTOR_HOST=collector.example.com SEGMENT_WRITE_KEY=… dotnet run
using Segment.Analytics;
using Segment.Serialization;

var host = Environment.GetEnvironmentVariable("COLLECTOR_HOST")!; // host[:port], no scheme: the SDK always uses https://
var analytics = new Analytics(new Configuration(
    Environment.GetEnvironmentVariable("SEGMENT_WRITE_KEY")!,
    apiHost: host + "/v1",   // batches go to https://{apiHost}/b (gzip)
    cdnHost: host + "/v1")); // settings from https://{cdnHost}/projects/{writeKey}/settings; their apiHost wins

analytics.Identify("user-123", new JsonObject { ["name"] = "Jane Doe", ["email"] = "jane@example.com", ["plan"] = "pro" });
analytics.Track("Order Completed", new JsonObject { ["order_id"] = "order-1001", ["revenue"] = 99.5, ["currency"] = "USD" });
analytics.Page("Pricing", new JsonObject { ["url"] = "https://www.example.com/pricing" });
analytics.Screen("Home");
analytics.Group("company-42", new JsonObject { ["name"] = "Example Inc", ["employees"] = 42 });
analytics.Alias("member-123"); // a new id for this user (say, a new account system); previousId: user-123

analytics.Flush();
await Task.Delay(TimeSpan.FromSeconds(5)); // Flush is asynchronous; a console program must outlive the upload
