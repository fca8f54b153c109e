// analytics-swift pointed at a clickstream collector: one of each call, then flush.  NOT RUN BY THE BUILD (see README).
// Run it (macOS): COLLECTOR_HOST=collector.example.com SEGMENT_WRITE_KEY=… swift run
// In an iOS app, put the Configuration in application(_:didFinishLaunchingWithOptions:) and drop the wait at the end.
import Foundation
import Segment

let env = ProcessInfo.processInfo.environment
let host = env["COLLECTOR_HOST"]!  // host[:port], no scheme: the SDK always uses https://

let analytics = Analytics(configuration: Configuration(writeKey: env["SEGMENT_WRITE_KEY"]!)
    .apiHost("\(host)/v1")   // batches go to https://{apiHost}/b
    .cdnHost("\(host)/v1"))  // settings from https://{cdnHost}/projects/{writeKey}/settings; their apiHost wins

analytics.identify(userId: "user-123", traits: ["name": "Jane Doe", "email": "jane@example.com", "plan": "pro"])
analytics.track(name: "Order Completed", properties: ["order_id": "order-1001", "revenue": 99.5, "currency": "USD"])
analytics.screen(title: "Home")
analytics.group(groupId: "company-42", traits: ["name": "Example Inc", "employees": 42])
analytics.alias(newId: "member-123") // a new id for this user (say, a new account system); previousId: user-123

analytics.flush()
RunLoop.main.run(until: Date().addingTimeInterval(5)) // a command-line program must outlive the upload
