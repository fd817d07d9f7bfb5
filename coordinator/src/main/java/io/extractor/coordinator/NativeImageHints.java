package io.extractor.coordinator;

import io.extractor.coordinator.api.ErrorBody;
import io.extractor.coordinator.audit.AuditLog;
import io.extractor.job.JobSpec;
import io.extractor.job.TableSpec;
import io.extractor.job.WriteMode;
import io.extractor.plan.ColumnPlan;
import io.extractor.plan.FieldError;
import io.extractor.plan.JobPlan;
import io.extractor.plan.TablePlan;
import io.extractor.sink.Manifest;
import io.extractor.types.ColumnKind;
import io.extractor.types.TypeChoice;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * For a native executable (README, "Building a native worker"; never built here): the types that go through the
 * shared {@code io.extractor.queue.Json} mapper (plans, manifests, audit entries, error bodies) rather than through
 * a REST method's signature, where Quarkus would find them itself, are read and written by reflection, which a
 * native image keeps only when told.
 */
@RegisterForReflection(targets = {JobPlan.class, TablePlan.class, ColumnPlan.class, JobSpec.class, TableSpec.class, WriteMode.class,
        ColumnKind.class, TypeChoice.class, Manifest.class, Manifest.Column.class, Manifest.Part.class, AuditLog.Entry.class,
        ErrorBody.class, FieldError.class})
final class NativeImageHints {
    private NativeImageHints() {
    }
}
