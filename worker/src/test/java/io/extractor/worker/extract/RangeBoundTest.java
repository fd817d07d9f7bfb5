package io.extractor.worker.extract;

import static org.assertj.core.api.Assertions.assertThat;

import io.extractor.plan.IdRange;
import io.extractor.testkit.SourceTables;
import io.extractor.testkit.TestServices;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How a running read takes a split proposal, over a real result set of ids 1..10 (two rows with id 5). */
class RangeBoundTest {
    private final String table = TestServices.uniqueTable("bound");
    private final List<String> decisions = new ArrayList<>();
    private Connection connection;

    @BeforeEach
    void createTable() throws Exception {
        SourceTables.sql("CREATE TABLE " + table + " (id BIGINT NOT NULL, KEY (id))",
                "INSERT INTO " + table + " VALUES (1),(2),(3),(4),(5),(5),(6),(7),(8),(9),(10)");
        connection = DriverManager.getConnection(TestServices.mysqlUrl(), TestServices.mysqlUser(), TestServices.mysqlPassword());
    }

    @AfterEach
    void dropTable() throws Exception {
        connection.close();
        SourceTables.sql("DROP TABLE IF EXISTS " + table);
    }

    private RangeBound bound(int idIndex) {
        return new RangeBound(IdRange.of(1, 11), idIndex, (cut, accepted) -> decisions.add(cut + (accepted ? " accepted" : " declined")));
    }

    /** Reads every row the bound admits, proposing {@code cut} once the row with id {@code at} is next. */
    private List<Long> read(RangeBound bound, long at, long cut) throws Exception {
        List<Long> ids = new ArrayList<>();
        boolean proposed = false;
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT id FROM " + table + " ORDER BY id")) {
            while (rs.next()) {
                if (rs.getLong(1) == at && !proposed) {
                    bound.propose(BigInteger.valueOf(cut)); // as a heartbeat would, between two rows
                    proposed = true;
                }
                if (!bound.admit(rs)) {
                    break;
                }
                ids.add(rs.getLong(1));
                bound.read(rs);
            }
        }
        bound.finish();
        return ids;
    }

    @Test
    void aCutAheadOfTheReadIsAcceptedAndTheReadEndsJustBeforeIt() throws Exception {
        RangeBound bound = bound(1);

        List<Long> ids = read(bound, 3, 6);

        assertThat(ids).containsExactly(1L, 2L, 3L, 4L, 5L, 5L);
        assertThat(bound.range()).isEqualTo(IdRange.of(1, 6));
        assertThat(decisions).containsExactly("6 accepted");
    }

    @Test
    void aCutAtTheNextRowsIdIsStillAheadOfEveryRowRead_evenWithDuplicateIds() throws Exception {
        RangeBound bound = bound(1);

        List<Long> ids = read(bound, 5, 6); // proposed as the first id-5 row comes: both id-5 rows stay before the cut

        assertThat(ids).containsExactly(1L, 2L, 3L, 4L, 5L, 5L);
        assertThat(decisions).containsExactly("6 accepted");
    }

    @Test
    void aCutTheReadHasAlreadyPassedIsDeclinedAndTheRangeStaysWhole() throws Exception {
        RangeBound bound = bound(1);

        List<Long> ids = read(bound, 7, 6);

        assertThat(ids).hasSize(11);
        assertThat(bound.range()).isEqualTo(IdRange.of(1, 11));
        assertThat(decisions).containsExactly("6 declined");
    }

    @Test
    void aProposalAfterTheReadEndedIsDeclined() throws Exception {
        RangeBound bound = bound(1);
        read(bound, -1, 0);

        bound.propose(BigInteger.valueOf(9));

        assertThat(decisions).containsExactly("9 declined");
        assertThat(bound.range()).isEqualTo(IdRange.of(1, 11));
    }

    @Test
    void aReadWithoutTheIdColumnDeclinesEveryProposal() {
        RangeBound bound = bound(0);

        bound.propose(BigInteger.valueOf(6));

        assertThat(decisions).containsExactly("6 declined");
    }

    @Test
    void theSameProposalRepeatedByLaterHeartbeatsIsDecidedOnce() throws Exception {
        RangeBound bound = bound(1);
        bound.propose(BigInteger.valueOf(6));
        bound.propose(BigInteger.valueOf(6));

        read(bound, -1, 0);
        bound.propose(BigInteger.valueOf(6));

        assertThat(decisions).containsExactly("6 accepted");
    }

    @Test
    void theLastIdReadIsKnownAtEachBatchBoundary() throws Exception {
        RangeBound bound = bound(1);
        assertThat(bound.lastRead()).isNull();

        read(bound, -1, 0);

        assertThat(bound.lastRead()).isEqualTo(BigInteger.TEN);
    }
}
