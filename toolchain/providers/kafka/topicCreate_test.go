package main

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/Mongey/terraform-provider-kafka/kafka"
)

func TestAwaitTopicChecksAtOnceThenRetriesAMissingTopic(t *testing.T) {
	calls := 0
	started := time.Now()
	read := func() error {
		calls++
		if calls < 3 {
			return kafka.TopicMissingError{}
		}
		return nil
	}
	if err := awaitTopic(context.Background(), read, time.Minute, "t"); err != nil {
		t.Fatalf("awaitTopic: %v", err)
	}
	if calls != 3 {
		t.Fatalf("read %d times, want 3", calls)
	}
	if elapsed := time.Since(started); elapsed > 500*time.Millisecond {
		t.Fatalf("took %s for two retries at 100 ms; the first check must not wait", elapsed)
	}
}

func TestAwaitTopicFailsOnOtherErrorsAndOnTimeout(t *testing.T) {
	broken := func() error { return errors.New("broker down") }
	if err := awaitTopic(context.Background(), broken, time.Minute, "t"); err == nil || !strings.Contains(err.Error(), "broker down") {
		t.Fatalf("want the read error, got %v", err)
	}
	missing := func() error { return kafka.TopicMissingError{} }
	if err := awaitTopic(context.Background(), missing, 250*time.Millisecond, "t"); err == nil || !strings.Contains(err.Error(), "still missing") {
		t.Fatalf("want a timeout, got %v", err)
	}
}

func TestTheTopicCreateIsReplaced(t *testing.T) {
	upstream := reflect.ValueOf(kafka.Provider().ResourcesMap["kafka_topic"].CreateContext).Pointer()
	replaced := reflect.ValueOf(withoutCreateDelay(kafka.Provider()).ResourcesMap["kafka_topic"].CreateContext).Pointer()
	if replaced == upstream || replaced != reflect.ValueOf(createTopic).Pointer() {
		t.Fatal("kafka_topic's create is still upstream's, with its fixed 1 s wait")
	}
}
