// swift-tools-version:5.9
import PackageDescription

let package = Package(
    name: "SendEvents",
    platforms: [.macOS(.v10_15)],
    dependencies: [
        .package(url: "https://github.com/segmentio/analytics-swift.git", exact: "1.10.0"),
    ],
    targets: [
        .executableTarget(name: "SendEvents", dependencies: [.product(name: "Segment", package: "analytics-swift")]),
    ]
)
