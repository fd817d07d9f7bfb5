package io.extractor.worker;

import io.extractor.job.JobSpec;
import io.extractor.job.TableSpec;
import io.extractor.job.WriteMode;
import io.extractor.plan.ColumnPlan;
import io.extractor.plan.JobPlan;
import io.extractor.plan.TablePlan;
import io.extractor.types.ColumnKind;
import io.extractor.types.TypeChoice;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * For a native executable (README, "Building a native worker"; never built here): the types Jackson reads a job
 * plan into, by reflection, which a native image keeps only when told. The JNI access and resources of zstd-jni and
 * snappy-java are in META-INF/native-image and application.properties.
 */
@RegisterForReflection(targets = {JobPlan.class, TablePlan.class, ColumnPlan.class, JobSpec.class, TableSpec.class, WriteMode.class,
        ColumnKind.class, TypeChoice.class})
final class NativeImageHints {
    private NativeImageHints() {
    }
}
