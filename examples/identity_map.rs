//! Slides "Identity problem", "Identity map pattern" and "Using the identity map", on the
//! N:M relationship of "Mapping relationships" (article / creator through authorship):
//! loading each article's creators without a map makes a creator of two articles two
//! equal but different objects; with one map per table it is one object, shared.

mod common;

use std::process::ExitCode;
use std::sync::Arc;

use common::Outcome;
use rowwise::dao::{ArticleDao, ArticleMap, Creator, CreatorMap};
use rowwise::db::{Pool, PoolOptions};
use rowwise::pyrepr::PyValue;

/// Creates the tables and the course's example data when the article table is empty.
fn ensure_data(dao: &ArticleDao) -> Outcome {
    dao.create_tables()?;
    let (mut articles, mut creators) = (ArticleMap::new(), CreatorMap::new());
    if !dao.list_articles(&mut articles)?.value.is_empty() {
        return Ok(());
    }
    let peaa = dao
        .add_article(
            1,
            "Patterns of Enterprise Application Architecture",
            &mut articles,
        )?
        .value;
    let refactoring = dao.add_article(2, "Refactoring", &mut articles)?.value;
    let fowler = dao.add_creator(1, "Martin Fowler", &mut creators)?.value;
    let rice = dao.add_creator(2, "David Rice", &mut creators)?.value;
    let beck = dao.add_creator(3, "Kent Beck", &mut creators)?.value;
    dao.add_authorship(&peaa, &fowler)?;
    dao.add_authorship(&peaa, &rice)?;
    dao.add_authorship(&refactoring, &fowler)?;
    dao.add_authorship(&refactoring, &beck)?;
    Ok(())
}

fn names(creators: &[Arc<Creator>]) -> String {
    creators
        .iter()
        .map(|c| c.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The first creator both lists share, as found in each list.
fn shared(first: &[Arc<Creator>], second: &[Arc<Creator>]) -> Option<(Arc<Creator>, Arc<Creator>)> {
    first.iter().find_map(|a| {
        second
            .iter()
            .find(|b| **a == ***b)
            .map(|b| (Arc::clone(a), Arc::clone(b)))
    })
}

/// `a == b` and `a is b`, as Python prints them.
fn print_identity(a: &Arc<Creator>, b: &Arc<Creator>) {
    println!("creator == creator: {}", PyValue::Bool(a == b));
    println!("creator is creator: {}", PyValue::Bool(Arc::ptr_eq(a, b)));
}

fn run() -> Outcome {
    let dao = ArticleDao::new(Pool::new(
        &common::connect_options()?,
        PoolOptions::new().name("orm").size(2),
    )?);
    ensure_data(&dao)?;

    println!("# without an identity map: a new map for every query");
    let articles = dao.list_articles(&mut ArticleMap::new())?.value;
    let mut lists = Vec::new();
    for article in &articles {
        let authors = dao.get_creators_for(article, &mut CreatorMap::new())?.value;
        println!("{article}: {}", names(&authors));
        lists.push(authors);
    }
    let (a, b) = shared(&lists[0], &lists[1]).ok_or("the two articles share no creator")?;
    print_identity(&a, &b);

    println!("# with an identity map per table");
    let (mut article_map, mut creator_map) = (ArticleMap::new(), CreatorMap::new());
    let articles = dao.list_articles(&mut article_map)?.value;
    let mut lists = Vec::new();
    for article in &articles {
        let authors = dao.get_creators_for(article, &mut creator_map)?.value;
        println!("{article}: {}", names(&authors));
        lists.push(authors);
    }
    let (a, b) = shared(&lists[0], &lists[1]).ok_or("the two articles share no creator")?;
    print_identity(&a, &b);
    let titles: Vec<String> = a.articles().iter().map(|x| x.title.clone()).collect();
    println!("{}.articles: {}", a.name, titles.join(", "));

    let again = dao.get_creator(a.creator_id, &mut creator_map)?;
    let same = again.value.is_some_and(|c| Arc::ptr_eq(&c, &a));
    println!(
        "# {} -> from the map: {}, query sent: {}, same object: {}",
        again.report.call,
        PyValue::Bool(again.report.identity_map_hit),
        PyValue::Bool(again.report.statement.is_some()),
        PyValue::Bool(same)
    );
    Ok(())
}

fn main() -> ExitCode {
    common::exit_with(run())
}
