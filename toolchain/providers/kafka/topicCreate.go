// Topic creation without the upstream provider's fixed wait. terraform-provider-kafka v0.13.1 creates a topic, then
// sleeps 1 s (its StateChangeConf's Delay) before it first checks that the topic's metadata can be read back, and
// 2 s between later checks. A KRaft broker answers CreateTopics once the topic is in the committed metadata log, so
// the first check passes at once: the second spent per `pulumi up` that creates topics was pure waiting. This create
// sends the same request and makes the same check (the topic read back with a metadata refresh, a missing topic
// retried, any other error failing the create) within the same timeout, checking at once and then every 100 ms.
package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/Mongey/terraform-provider-kafka/kafka"
	"github.com/hashicorp/terraform-plugin-sdk/v2/diag"
	"github.com/hashicorp/terraform-plugin-sdk/v2/helper/schema"
)

const topicCheckInterval = 100 * time.Millisecond

// topicFromResourceData is upstream's metaToTopic (unexported there): the declared topic as the client takes it.
func topicFromResourceData(d *schema.ResourceData) kafka.Topic {
	config := map[string]*string{}
	for key, value := range d.Get("config").(map[string]interface{}) {
		if text, ok := value.(string); ok {
			config[key] = &text
		}
	}
	return kafka.Topic{
		Name:              d.Get("name").(string),
		Partitions:        int32(d.Get("partitions").(int)),
		ReplicationFactor: int16(d.Get("replication_factor").(int)),
		Config:            config,
	}
}

// awaitTopic reads the topic back until it is found, the timeout passes or another error occurs.
func awaitTopic(ctx context.Context, read func() error, timeout time.Duration, name string) error {
	deadline := time.Now().Add(timeout)
	for {
		err := read()
		var missing kafka.TopicMissingError
		switch {
		case err == nil:
			return nil
		case !errors.As(err, &missing):
			return fmt.Errorf("error waiting for topic (%s) to be created: %s", name, err)
		case time.Now().After(deadline):
			return fmt.Errorf("error waiting for topic (%s) to be created: still missing after %s", name, timeout)
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("error waiting for topic (%s) to be created: %s", name, ctx.Err())
		case <-time.After(topicCheckInterval):
		}
	}
}

func createTopic(ctx context.Context, d *schema.ResourceData, meta interface{}) diag.Diagnostics {
	client := meta.(*kafka.LazyClient)
	topic := topicFromResourceData(d)
	if err := client.CreateTopic(topic); err != nil {
		return diag.FromErr(err)
	}
	read := func() error {
		_, err := client.ReadTopic(topic.Name, true)
		return err
	}
	if err := awaitTopic(ctx, read, time.Duration(client.Config.Timeout)*time.Second, topic.Name); err != nil {
		return diag.FromErr(err)
	}
	d.SetId(topic.Name)
	return nil
}

// withoutCreateDelay swaps the kafka_topic resource's create for createTopic; read, update and delete stay upstream's.
func withoutCreateDelay(provider *schema.Provider) *schema.Provider {
	provider.ResourcesMap["kafka_topic"].CreateContext = createTopic
	return provider
}
