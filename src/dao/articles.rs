//! An N:M relationship as the course maps it — an `Article` has a set of creators, a
//! `Creator` a set of articles, and the `authorship` table is no class at all — with
//! `ArticleDao` and the identity maps that solve the course's "identity problem": a
//! creator of two articles is one object, not two equal ones. The Python twin is
//! `python/article_dao.py`.

use std::sync::Arc;

use super::entity::{add_mapped, keyed, mapped};
use super::error::DaoError;
use super::exec::{
    Commit, DaoResult, Reported, all_rows, create_tables, dictionary, int, run, write,
};
use super::identity_map::IdentityMap;
use super::relation::{BackRefs, ToMany};
use super::report::{ActionReport, Query, python_method};
use crate::db::Pool;
use crate::pyrepr::{PyValue, str_repr};

/// The Python source of the classes and the DAO.
pub const ARTICLE_DAO_PY: &str = include_str!("python/article_dao.py");

/// The tables, in the order they must be created.
pub const CREATE_TABLES: [&str; 3] = [
    "CREATE TABLE IF NOT EXISTS article (article_id INT PRIMARY KEY, title VARCHAR(128) NOT NULL) DEFAULT CHARSET=utf8mb4",
    "CREATE TABLE IF NOT EXISTS creator (creator_id INT PRIMARY KEY, name VARCHAR(64) NOT NULL) DEFAULT CHARSET=utf8mb4",
    "CREATE TABLE IF NOT EXISTS authorship (article_id INT NOT NULL, creator_id INT NOT NULL, PRIMARY KEY (article_id, creator_id), FOREIGN KEY (article_id) REFERENCES article (article_id), FOREIGN KEY (creator_id) REFERENCES creator (creator_id))",
];
/// `add_article`.
pub const INSERT_ARTICLE: &str = "INSERT INTO article (article_id, title) VALUES (%s, %s)";
/// `add_creator`.
pub const INSERT_CREATOR: &str = "INSERT INTO creator (creator_id, name) VALUES (%s, %s)";
/// `add_authorship`.
pub const INSERT_AUTHORSHIP: &str =
    "INSERT INTO authorship (article_id, creator_id) VALUES (%s, %s)";
/// `list_articles`.
pub const SELECT_ARTICLES: &str = "SELECT article_id, title FROM article ORDER BY article_id";
/// `get_creator`.
pub const SELECT_CREATOR: &str = "SELECT creator_id, name FROM creator WHERE creator_id = %s";
/// `get_creators_for`.
pub const SELECT_CREATORS_FOR: &str = "SELECT c.creator_id, c.name FROM creator c JOIN authorship a ON a.creator_id = c.creator_id WHERE a.article_id = %s ORDER BY c.creator_id";

/// An article (`article` table) and its creators.
#[derive(Debug)]
pub struct Article {
    /// `article_id`, the primary key.
    pub article_id: i64,
    /// `title`, a `VARCHAR(128)`, not null.
    pub title: String,
    creators: ToMany<Creator>,
}

impl Article {
    /// An article with no creators yet.
    pub fn new(article_id: i64, title: impl Into<String>) -> Self {
        Article {
            article_id,
            title: title.into(),
            creators: ToMany::default(),
        }
    }

    /// `article.get_creators()`, in the order they were added.
    pub fn creators(&self) -> Vec<Arc<Creator>> {
        self.creators.get()
    }

    /// `article.add_creator(creator)`; `false` if it was there already.
    pub fn add_creator(&self, creator: Arc<Creator>) -> bool {
        self.creators.add(creator)
    }
}

keyed!(Article, article_id, title, row: "article_id", "title");

/// A creator (`creator` table) and the articles they wrote.
#[derive(Debug)]
pub struct Creator {
    /// `creator_id`, the primary key.
    pub creator_id: i64,
    /// `name`, a `VARCHAR(64)`, not null.
    pub name: String,
    articles: BackRefs<Article>,
}

impl Creator {
    /// A creator with no articles yet.
    pub fn new(creator_id: i64, name: impl Into<String>) -> Self {
        Creator {
            creator_id,
            name: name.into(),
            articles: BackRefs::default(),
        }
    }

    /// `creator.get_articles()`: the loaded articles they wrote.
    pub fn articles(&self) -> Vec<Arc<Article>> {
        self.articles.get()
    }

    /// `creator.add_article(article)`.
    pub fn add_article(&self, article: &Arc<Article>) -> bool {
        self.articles.add(article)
    }
}

keyed!(Creator, creator_id, name, row: "creator_id", "name");

/// Articles loaded so far, by `article_id`.
pub type ArticleMap = IdentityMap<i64, Article>;
/// Creators loaded so far, by `creator_id`.
pub type CreatorMap = IdentityMap<i64, Creator>;

/// Records authorship on both sides.
fn link(article: &Arc<Article>, creator: &Arc<Creator>) {
    article.add_creator(Arc::clone(creator));
    creator.add_article(article);
}

fn report(call: String, method: &str) -> ActionReport {
    ActionReport::new(call, python_method(ARTICLE_DAO_PY, method))
}

/// Data access for `article`, `creator` and `authorship`.
#[derive(Debug, Clone)]
pub struct ArticleDao {
    pool: Pool,
}

impl ArticleDao {
    /// `ArticleDAO(cnxpool)`.
    pub fn new(pool: Pool) -> Self {
        ArticleDao { pool }
    }

    /// `article_dao.create_tables()`: one report per table.
    ///
    /// # Failure
    /// The pool's or the server's error.
    pub fn create_tables(&self) -> Result<Vec<ActionReport>, DaoError> {
        let python = python_method(ARTICLE_DAO_PY, "create_tables");
        create_tables(
            &self.pool,
            "article_dao.create_tables()",
            python,
            &CREATE_TABLES,
        )
    }

    /// `article_dao.add_article(Article(id, title), article_map)`.
    ///
    /// # Failure
    /// 1062 for an id in use, the pool's or the server's error.
    pub fn add_article(
        &self,
        article_id: i64,
        title: &str,
        articles: &mut ArticleMap,
    ) -> DaoResult<Arc<Article>> {
        let call = format!(
            "article_dao.add_article(Article({article_id}, {}), article_map)",
            str_repr(title)
        );
        let query = Query::new(
            INSERT_ARTICLE,
            vec![int(article_id), PyValue::Str(title.to_owned())],
        );
        let article = Article::new(article_id, title);
        let report = report(call, "add_article");
        add_mapped(&self.pool, report, &query, articles, article_id, article)
    }

    /// `article_dao.add_creator(Creator(id, name), creator_map)`.
    ///
    /// # Failure
    /// 1062 for an id in use, the pool's or the server's error.
    pub fn add_creator(
        &self,
        creator_id: i64,
        name: &str,
        creators: &mut CreatorMap,
    ) -> DaoResult<Arc<Creator>> {
        let call = format!(
            "article_dao.add_creator(Creator({creator_id}, {}), creator_map)",
            str_repr(name)
        );
        let query = Query::new(
            INSERT_CREATOR,
            vec![int(creator_id), PyValue::Str(name.to_owned())],
        );
        let creator = Creator::new(creator_id, name);
        let report = report(call, "add_creator");
        add_mapped(&self.pool, report, &query, creators, creator_id, creator)
    }

    /// `article_dao.add_authorship(article, creator)`: stores the pair and records it on
    /// both objects.
    ///
    /// # Failure
    /// 1062 for a pair already stored, 1452 for an unknown article or creator.
    pub fn add_authorship(&self, article: &Arc<Article>, creator: &Arc<Creator>) -> DaoResult<()> {
        let call = format!(
            "article_dao.add_authorship(article_map[{}], creator_map[{}])",
            article.article_id, creator.creator_id
        );
        let query = Query::new(
            INSERT_AUTHORSHIP,
            vec![int(article.article_id), int(creator.creator_id)],
        );
        let done = write(&self.pool, report(call, "add_authorship"), &query)?;
        link(article, creator);
        Ok(done)
    }

    /// `article_dao.list_articles(article_map)`.
    ///
    /// # Failure
    /// The pool's or the server's error.
    pub fn list_articles(&self, articles: &mut ArticleMap) -> DaoResult<Vec<Arc<Article>>> {
        let report = report(
            "article_dao.list_articles(article_map)".into(),
            "list_articles",
        );
        run(
            &self.pool,
            report,
            &Query::new(SELECT_ARTICLES, Vec::new()),
            dictionary(),
            Commit::No,
            |cursor, cnx| {
                let rows = all_rows(cursor, cnx)?;
                rows.iter().map(|row| mapped(row, articles)).collect()
            },
        )
    }

    /// `article_dao.get_creator(creator_id, creator_map)`: the map is asked first, so a
    /// creator already loaded costs no query.
    ///
    /// # Failure
    /// The pool's or the server's error.
    pub fn get_creator(
        &self,
        creator_id: i64,
        creators: &mut CreatorMap,
    ) -> DaoResult<Option<Arc<Creator>>> {
        let mut report = report(
            format!("article_dao.get_creator({creator_id}, creator_map)"),
            "get_creator",
        );
        if let Some(found) = creators.lookup(&creator_id) {
            report.identity_map_hit = true;
            return Ok(Reported {
                value: Some(found),
                report,
            });
        }
        let query = Query::new(SELECT_CREATOR, vec![int(creator_id)]);
        run(
            &self.pool,
            report,
            &query,
            dictionary(),
            Commit::No,
            |cursor, cnx| match cursor.fetchone(cnx)? {
                None => Ok(None),
                Some(row) => Ok(Some(mapped(&row, creators)?)),
            },
        )
    }

    /// `article_dao.get_creators_for(article, creator_map)`: the article's creators, each
    /// the one object the map holds for it; both sides of the relationship are filled.
    ///
    /// # Failure
    /// The pool's or the server's error.
    pub fn get_creators_for(
        &self,
        article: &Arc<Article>,
        creators: &mut CreatorMap,
    ) -> DaoResult<Vec<Arc<Creator>>> {
        let call = format!(
            "article_dao.get_creators_for(article_map[{}], creator_map)",
            article.article_id
        );
        let query = Query::new(SELECT_CREATORS_FOR, vec![int(article.article_id)]);
        run(
            &self.pool,
            report(call, "get_creators_for"),
            &query,
            dictionary(),
            Commit::No,
            |cursor, cnx| {
                let rows = all_rows(cursor, cnx)?;
                rows.iter()
                    .map(|row| {
                        let creator = mapped(row, creators)?;
                        link(article, &creator);
                        Ok(creator)
                    })
                    .collect()
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_statement_is_in_its_python_method() {
        let mut pairs = vec![
            ("add_article", INSERT_ARTICLE),
            ("add_creator", INSERT_CREATOR),
            ("add_authorship", INSERT_AUTHORSHIP),
            ("list_articles", SELECT_ARTICLES),
            ("get_creator", SELECT_CREATOR),
            ("get_creators_for", SELECT_CREATORS_FOR),
        ];
        pairs.extend(CREATE_TABLES.iter().map(|sql| ("create_tables", *sql)));
        for (method, sql) in pairs {
            let quoted = ["\"\"\"", sql, "\"\"\""].concat();
            assert!(
                python_method(ARTICLE_DAO_PY, method).contains(&quoted),
                "{method}: {sql}"
            );
        }
    }

    #[test]
    fn authorship_is_recorded_on_both_sides_once() {
        let article = Arc::new(Article::new(1, "Identity Map"));
        let creator = Arc::new(Creator::new(7, "Martin Fowler"));
        link(&article, &creator);
        link(&article, &creator);
        assert_eq!(article.creators().len(), 1);
        assert!(
            creator
                .articles()
                .first()
                .is_some_and(|a| Arc::ptr_eq(a, &article))
        );
    }
}
