module example.com/send-events

go 1.21

require github.com/segmentio/analytics-go/v3 v3.3.0
