// analytics-go pointed at a clickstream collector: one of each call, then Close (which flushes).
// NOT RUN BY THE BUILD (see README). Run it: COLLECTOR_URL=https://collector.example.com SEGMENT_WRITE_KEY=… go run .
package main

import (
	"log"
	"os"

	"github.com/segmentio/analytics-go/v3"
)

func main() {
	client, err := analytics.NewWithConfig(os.Getenv("SEGMENT_WRITE_KEY"), analytics.Config{
		Endpoint: os.Getenv("COLLECTOR_URL"), // the only change from Segment: batches go to {Endpoint}/v1/batch
	})
	if err != nil {
		log.Fatal(err)
	}
	defer client.Close() // flushes the queue and waits for it

	userID := "user-123"
	check(client.Enqueue(analytics.Identify{UserId: userID,
		Traits: analytics.NewTraits().SetName("Jane Doe").SetEmail("jane@example.com").Set("plan", "pro")}))
	check(client.Enqueue(analytics.Track{UserId: userID, Event: "Order Completed",
		Properties: analytics.NewProperties().Set("order_id", "order-1001").SetRevenue(99.5).SetCurrency("USD")}))
	check(client.Enqueue(analytics.Page{UserId: userID, Name: "Pricing",
		Properties: analytics.NewProperties().SetURL("https://www.example.com/pricing")}))
	check(client.Enqueue(analytics.Screen{UserId: userID, Name: "Home"}))
	check(client.Enqueue(analytics.Group{UserId: userID, GroupId: "company-42",
		Traits: analytics.NewTraits().SetName("Example Inc").Set("employees", 42)}))
	check(client.Enqueue(analytics.Alias{PreviousId: "anon-7f3e", UserId: userID}))
}

func check(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
