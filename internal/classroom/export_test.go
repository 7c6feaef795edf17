package classroom

// PendingIDs exposes the delivery order to the tests.
func PendingIDs(o *Outbox) []string {
	es, _ := o.Pending(MaxBatch, MaxBody)
	var ids []string
	for _, e := range es {
		ids = append(ids, e.event.ID)
	}
	return ids
}
